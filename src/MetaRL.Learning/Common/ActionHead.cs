using MetaRL.Distributions;

namespace MetaRL.Learning;

/// <summary>
/// The action head an action space calls for, decided in one place for every policy of the house: a
/// <see cref="Discrete"/> space gets a categorical over <see cref="Outputs"/> logits and actions that are one
/// class index; a <see cref="Box"/> gets a diagonal Gaussian whose mean has <see cref="Outputs"/> components, with a
/// state-independent learned log std the policy owns.
/// </summary>
public readonly record struct ActionHead(bool IsDiscrete, int Outputs)
{
    /// <summary>The head for <paramref name="actionSpace"/>; other spaces raise <see cref="ArgumentException"/>.</summary>
    public static ActionHead For(Space actionSpace) => actionSpace switch
    {
        Discrete d => new ActionHead(true, d.N),
        Box b => new ActionHead(false, b.Size),
        // A configuration problem, reported as one line (exit 2 in the CLI): RecSlate-v0's slates have a Discrete encoding.
        MultiDiscrete => throw new EnvConfigurationException($"The policies take Discrete and Box action spaces, not {actionSpace}; a slate environment offers a Discrete encoding of its slates (RecSlate-v0: --set action=index)."),
        _ => throw new ArgumentException($"Unsupported action space {actionSpace}."),
    };

    /// <summary>Floats in one action: 1 for a class index, else the Gaussian's dimension.</summary>
    public int ActionSize => IsDiscrete ? 1 : Outputs;

    /// <summary>Actions stored as floats, <paramref name="rows"/> of <see cref="ActionSize"/> each, as the tensor the
    /// distribution's log-probability takes: [rows] class indices, or [rows, d] vectors.</summary>
    public Tensor Actions(float[] data, int rows) => IsDiscrete ? Tensor.FromArray(data, rows) : Tensor.FromArray(data, rows, ActionSize);

    /// <summary>The distribution over actions from the head's output [batch, <see cref="Outputs"/>]; a Gaussian head
    /// takes its log std as the policy resolves it now (fast weights included), a categorical one has none.</summary>
    public Distribution Over(Tensor head, Tensor? logStd) =>
        IsDiscrete ? new Categorical(head) : new DiagGaussian(head, logStd ?? throw new ArgumentNullException(nameof(logStd), "a Gaussian head needs its log std"));
}
