namespace MetaRL.Learning;

/// <summary>Training produced NaN or ±Inf: says at which step and in which tensor, so the run can stop cleanly.</summary>
public sealed class NonFiniteTrainingException : Exception
{
    public NonFiniteTrainingException(long step, string tensor)
        : base($"non-finite value at step {step} in '{tensor}'")
    {
        Step = step;
        TensorName = tensor;
    }

    public NonFiniteTrainingException() { }

    public NonFiniteTrainingException(string message) : base(message) { }

    public NonFiniteTrainingException(string message, Exception inner) : base(message, inner) { }

    public long Step { get; }

    public string TensorName { get; } = "";
}
