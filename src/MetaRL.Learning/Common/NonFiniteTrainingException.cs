namespace MetaRL.Learning;

/// <summary>Training produced NaN or ±Inf: says at which step (a meta run's meta-iteration) and in which tensor, so the
/// run can stop cleanly with status <c>diverged</c>. Thrown by <see cref="FiniteCheck"/>.</summary>
public sealed class NonFiniteTrainingException : Exception
{
    public NonFiniteTrainingException(long step, string tensor)
        : this(step, tensor, "step")
    {
    }

    /// <summary>As <see cref="NonFiniteTrainingException(long, string)"/>, counting in <paramref name="unit"/>
    /// (<c>step</c>, <c>meta-iteration</c>, <c>inner step</c>), with where inside that step it happened when known
    /// (<paramref name="within"/>, e.g. <c>inner step 1</c>).</summary>
    public NonFiniteTrainingException(long step, string tensor, string unit, string? within = null, Exception? inner = null)
        : base($"non-finite value at {unit} {step} in '{tensor}'" + (within is null ? "" : $" ({within})"), inner)
    {
        Step = step;
        TensorName = tensor;
        Unit = unit;
    }

    public NonFiniteTrainingException() { }

    public NonFiniteTrainingException(string message) : base(message) { }

    public NonFiniteTrainingException(string message, Exception inner) : base(message, inner) { }

    public long Step { get; }

    public string TensorName { get; } = "";

    /// <summary>What <see cref="Step"/> counts: <c>step</c> (environment steps), <c>meta-iteration</c>, or a learner's
    /// inner count such as <c>inner step</c>.</summary>
    public string Unit { get; } = "step";
}
