using MetaRL.Distributions;

namespace MetaRL.Learning;

/// <summary>
/// A recurrent actor-critic: observation → Linear+tanh encoder → GRU (Cho et al., 2014) → linear actor head
/// (logits, or Gaussian mean with a learned log std) and linear critic head, as RL² uses (Duan et al., 2016).
/// Sequences are [time, batch, obs]; the hidden state is zeroed where a reset mask is set.
/// </summary>
public sealed class GruActorCritic : RecurrentActorCritic
{
    private readonly Tensor? _logStd;

    public GruActorCritic(int observationSize, Space actionSpace, int hidden, Rng rng)
    {
        Head = ActionHead.For(actionSpace);
        int outputs = Head.Outputs;
        Hidden = hidden;
        Encoder = RegisterModule("encoder", Init.OrthogonalLayer(new Linear(observationSize, hidden, rng), Math.Sqrt(2), rng));
        Gru = RegisterModule("gru", new Gru(hidden, hidden, rng));
        ActorHead = RegisterModule("actor", Init.OrthogonalLayer(new Linear(hidden, outputs, rng), 0.01, rng));
        CriticHead = RegisterModule("critic", Init.OrthogonalLayer(new Linear(hidden, 1, rng), 1.0, rng));
        if (!IsDiscrete) { _logStd = RegisterParameter("actor_logstd", Tensor.Zeros([outputs])); }
    }

    public Linear Encoder { get; }

    public Gru Gru { get; }

    public Linear ActorHead { get; }

    public Linear CriticHead { get; }

    public int Hidden { get; }

    /// <summary>The Gaussian head's log std (null for a discrete policy).</summary>
    public Tensor? LogStd => _logStd;

    /// <inheritdoc />
    public override ActionHead Head { get; }

    /// <inheritdoc />
    public override int ObservationSize => Encoder.InFeatures;

    /// <inheritdoc />
    public override int StateSize => Hidden;

    /// <inheritdoc />
    public override (Distribution Policy, Tensor Values, Tensor State) Forward(Tensor observations, Tensor? state, Tensor? resetMask)
    {
        int t = observations.Dim(0), b = observations.Dim(1);
        var x = Ops.Tanh(Encoder.Forward(Ops.Reshape(observations, t * b, observations.Dim(2))));
        var (outputs, hidden) = Gru.Forward(Ops.Reshape(x, t, b, Hidden), state, resetMask);
        var flat = Ops.Reshape(outputs, t * b, Hidden);
        var policy = Head.Over(ActorHead.Forward(flat), _logStd is null ? null : P(_logStd));
        var values = Ops.Reshape(CriticHead.Forward(flat), t * b);
        return (policy, values, hidden);
    }
}
