using MetaRL.Distributions;
using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// A recurrent actor-critic: observation → Linear+tanh encoder → GRU (Cho et al., 2014) → linear actor head
/// (logits, or Gaussian mean with a learned log std) and linear critic head, as RL² uses (Duan et al., 2016).
/// Sequences are [time, batch, obs]; the hidden state is zeroed where a reset mask is set.
/// </summary>
public sealed class GruActorCritic : Module
{
    private readonly Tensor? _logStd;

    public GruActorCritic(int observationSize, Space actionSpace, int hidden, Rng rng)
    {
        (IsDiscrete, int outputs) = actionSpace switch
        {
            Discrete d => (true, d.N),
            Box b => (false, b.Size),
            _ => throw new ArgumentException($"Unsupported action space {actionSpace}."),
        };
        ActionSize = IsDiscrete ? 1 : outputs;
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

    public bool IsDiscrete { get; }

    public int ActionSize { get; }

    /// <summary>Runs a sequence: returns the policy over all T·B steps (time-major rows), values [T·B] and the last hidden state.</summary>
    public (Distribution Policy, Tensor Values, Tensor Hidden) Forward(Tensor observations, Tensor h0, Tensor? resetMask)
    {
        int t = observations.Dim(0), b = observations.Dim(1);
        var x = Ops.Tanh(Encoder.Forward(Ops.Reshape(observations, t * b, observations.Dim(2))));
        var (outputs, hidden) = Gru.Forward(Ops.Reshape(x, t, b, Hidden), h0, resetMask);
        var flat = Ops.Reshape(outputs, t * b, Hidden);
        var head = ActorHead.Forward(flat);
        Distribution policy = IsDiscrete ? new Categorical(head) : new DiagGaussian(head, P(_logStd!));
        var values = Ops.Reshape(CriticHead.Forward(flat), t * b);
        return (policy, values, hidden);
    }
}
