namespace MetaRL.Learning.OffPolicy;

/// <summary>A bandit log that cannot be evaluated: the message names the file and the line (1-based) at fault.</summary>
public sealed class BanditLogFormatException : Exception
{
    public BanditLogFormatException(string message) : base(message) { }

    public BanditLogFormatException() { }

    public BanditLogFormatException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The line at fault, or 0 where the fault is the whole file's (an empty log).</summary>
    public long Line { get; init; }
}
