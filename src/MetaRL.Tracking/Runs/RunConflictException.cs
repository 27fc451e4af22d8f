namespace MetaRL.Tracking;

/// <summary>
/// A run folder cannot be written as asked: another writer holds its <see cref="RunLock"/> (<see cref="Owner"/> says
/// who), it already holds a run and neither resuming nor overwriting was asked for, or there is no run to resume. The
/// message is one line naming the folder; the CLI reports it with exit code 2.
/// </summary>
public sealed class RunConflictException : Exception
{
    public RunConflictException(string message) : base(message) { }

    public RunConflictException(string message, RunLockOwner owner) : base(message) => Owner = owner;

    public RunConflictException() { }

    public RunConflictException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The live writer holding the folder, when that is the conflict.</summary>
    public RunLockOwner? Owner { get; }
}
