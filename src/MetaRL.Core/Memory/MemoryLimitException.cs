namespace MetaRL.Memory;

/// <summary>Settings whose <see cref="MemoryEstimate"/> is above the <see cref="MemoryLimit"/>, or a malformed value of
/// <see cref="MemoryLimit.Variable"/>: one line naming the key that sizes the largest item and how to raise the limit (the
/// CLI reports it with exit code 2).</summary>
public sealed class MemoryLimitException : Exception
{
    public MemoryLimitException(string message) : base(message) { }

    public MemoryLimitException() { }

    public MemoryLimitException(string message, Exception inner) : base(message, inner) { }
}
