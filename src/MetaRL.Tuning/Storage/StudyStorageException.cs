namespace MetaRL.Tuning;

/// <summary>
/// The study storage cannot be used as one: the file is not a database, not a study file, or damaged
/// (truncated, overwritten). The message names the file, so that a broken study is reported as such and never
/// read as an empty one.
/// </summary>
public sealed class StudyStorageException : IOException
{
    public StudyStorageException(string message) : base(message) { }

    public StudyStorageException() { }

    public StudyStorageException(string message, Exception inner) : base(message, inner) { }
}
