using MetaRL.Distributions;
using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning.Meta;

/// <summary>
/// RL²'s recurrent policy: a GRU over the trial observation (observation, previous action, previous
/// reward, done flag), with a linear policy head (categorical logits or a Gaussian mean with a learned
/// log std) and a linear value head on the hidden state. Heads are orthogonally initialised (gains 0.01
/// and 1); the GRU keeps PyTorch's default init. With a separate critic (the paper's baseline was its own
/// recurrent network) a second GRU feeds the value head; the recurrent state is then the two hidden
/// states side by side, [actor | critic], so samplers carry it unchanged.
/// </summary>
public sealed class Rl2Policy : Module
{
    private readonly Gru _gru;
    private readonly Linear _actor;
    private readonly Linear _critic;
    private readonly Gru? _criticGru;
    private readonly Tensor? _logStd;

    public Rl2Policy(int observationSize, Space actionSpace, int hiddenSize, Rng rng, bool separateCritic = false)
    {
        ArgumentNullException.ThrowIfNull(actionSpace);
        (IsDiscrete, int outputs) = actionSpace switch
        {
            Discrete d => (true, d.N),
            Box b => (false, b.Size),
            _ => throw new ArgumentException($"Unsupported action space {actionSpace}."),
        };
        ObservationSize = observationSize;
        ActionSize = IsDiscrete ? 1 : outputs;
        HiddenSize = hiddenSize;
        _gru = RegisterModule("gru", new Gru(observationSize, hiddenSize, rng));
        _actor = RegisterModule("actor", Init.OrthogonalLayer(new Linear(hiddenSize, outputs, rng), 0.01, rng));
        _critic = RegisterModule("critic", Init.OrthogonalLayer(new Linear(hiddenSize, 1, rng), 1.0, rng));
        if (!IsDiscrete) { _logStd = RegisterParameter("log_std", Tensor.Zeros([outputs])); }
        if (separateCritic) { _criticGru = RegisterModule("critic_gru", new Gru(observationSize, hiddenSize, rng)); }
    }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    public int HiddenSize { get; }

    public bool IsDiscrete { get; }

    /// <summary>Whether the value head has its own GRU.</summary>
    public bool SeparateCritic => _criticGru is not null;

    /// <summary>Width of the recurrent state: <see cref="HiddenSize"/>, twice that with a separate critic.</summary>
    public int StateSize => SeparateCritic ? 2 * HiddenSize : HiddenSize;

    /// <summary>Runs x [T, B, obs] from h0 [B, state] (zeros when null); returns features [T·B, state] and the last state [B, state].</summary>
    public (Tensor Features, Tensor Last) Encode(Tensor x, Tensor? h0 = null)
    {
        int rows = x.Dim(0) * x.Dim(1), h = HiddenSize;
        if (_criticGru is null)
        {
            var (outputs, last) = _gru.Forward(x, h0);
            return (Ops.Reshape(outputs, rows, h), last);
        }
        var (actorOut, actorLast) = _gru.Forward(x, h0 is null ? null : Ops.Slice(h0, 1, 0, h));
        var (criticOut, criticLast) = _criticGru.Forward(x, h0 is null ? null : Ops.Slice(h0, 1, h, h));
        return (Ops.Concat([Ops.Reshape(actorOut, rows, h), Ops.Reshape(criticOut, rows, h)], 1), Ops.Concat([actorLast, criticLast], 1));
    }

    /// <summary>The action distribution from features [N, state].</summary>
    public Distribution Policy(Tensor features)
    {
        var head = _actor.Forward(SeparateCritic ? Ops.Slice(features, 1, 0, HiddenSize) : features);
        return IsDiscrete ? new Categorical(head) : new DiagGaussian(head, P(_logStd!));
    }

    /// <summary>Values [N] from features [N, state].</summary>
    public Tensor Value(Tensor features)
    {
        var v = _critic.Forward(SeparateCritic ? Ops.Slice(features, 1, HiddenSize, HiddenSize) : features);
        return Ops.Reshape(v, v.Dim(0));
    }
}
