namespace MetaRL.Envs;

/// <summary>A data file (a price CSV, a tabular data set) that cannot be used: the message names the file, the line
/// (1-based, the header being line 1) and the defect; the CLI reports it with exit code 2.</summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string message) : base(message) { }

    public DataFormatException() { }

    public DataFormatException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The line at fault, or 0 where the fault is the whole file's (no rows, no header).</summary>
    public long Line { get; init; }
}
