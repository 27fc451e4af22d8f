namespace MetaRL.Tracking;

/// <summary>A run-directory file that cannot be read (malformed YAML or JSON, wrong types); the message names the file.</summary>
public sealed class RunFormatException : Exception
{
    public RunFormatException(string message) : base(message) { }

    public RunFormatException() { }

    public RunFormatException(string message, Exception inner) : base(message, inner) { }
}
