namespace MetaRL.Tracking;

/// <summary>
/// A path given for a command's output (or input) that cannot serve: empty, not a valid path, an existing file where a
/// folder is wanted (or the reverse), a device, a folder that cannot be created or written. Found by <see cref="PathGuard"/>
/// before anything is computed or written; the message is one line naming the path and the problem. It is an
/// <see cref="IOException"/>, so whatever reports file-system failures reports it too (the CLI: exit code 2).
/// </summary>
public sealed class UnusablePathException : IOException
{
    public UnusablePathException(string path, string message, Exception? inner = null) : base(message, inner) => PathName = path;

    public UnusablePathException() { }

    public UnusablePathException(string message) : base(message) { }

    public UnusablePathException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The path as found to be unusable (full where it could be made full, else as given).</summary>
    public string PathName { get; } = "";
}
