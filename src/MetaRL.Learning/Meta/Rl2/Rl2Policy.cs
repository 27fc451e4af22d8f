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
/// and 1); the GRU keeps PyTorch's default init.
/// </summary>
public sealed class Rl2Policy : Module
{
    private readonly Gru _gru;
    private readonly Linear _actor;
    private readonly Linear _critic;
    private readonly Tensor? _logStd;

    public Rl2Policy(int observationSize, Space actionSpace, int hiddenSize, Rng rng)
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
    }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    public int HiddenSize { get; }

    public bool IsDiscrete { get; }

    /// <summary>Runs x [T, B, obs] from h0 [B, hidden] (zeros when null); returns hidden states [T·B, hidden] and the last [B, hidden].</summary>
    public (Tensor Features, Tensor Last) Encode(Tensor x, Tensor? h0 = null)
    {
        var (outputs, last) = _gru.Forward(x, h0);
        return (Ops.Reshape(outputs, x.Dim(0) * x.Dim(1), HiddenSize), last);
    }

    /// <summary>The action distribution from hidden features [N, hidden].</summary>
    public Distribution Policy(Tensor features)
    {
        var head = _actor.Forward(features);
        return IsDiscrete ? new Categorical(head) : new DiagGaussian(head, P(_logStd!));
    }

    /// <summary>Values [N] from hidden features [N, hidden].</summary>
    public Tensor Value(Tensor features)
    {
        var v = _critic.Forward(features);
        return Ops.Reshape(v, v.Dim(0));
    }
}
