namespace MetaRL.Tracking;

/// <summary>
/// The status a reader shows for a run (<c>metarl runs list</c>): the one in summary.json, except where the summary says
/// <see cref="RunSummary.Running"/> or the run has none yet. Those are <see cref="RunSummary.Running"/> only while the
/// lock's owner is alive; <see cref="Unverified"/> when it is on another host; <see cref="Dead"/> when it is gone or there
/// is no lock (the process was killed before it could write its final summary); <see cref="Unknown"/> for a folder with
/// neither summary nor lock (written by hand, or by a version without locks).
/// </summary>
public static class RunStatus
{
    /// <summary>A run whose writer was killed: it says running (or nothing) but no process holds it.</summary>
    public const string Dead = "dead";

    /// <summary>A run held by a process on another host, which cannot be checked from here.</summary>
    public const string Unverified = "running?";

    /// <summary>Neither a summary nor a lock says anything.</summary>
    public const string Unknown = "unknown";

    /// <summary>The status to show, from the summary's <paramref name="recorded"/> status and the lock file.</summary>
    /// <param name="recorded">summary.json's status, or null without a summary.</param>
    /// <param name="lockExists">Whether the run has a lock file.</param>
    /// <param name="owner">The lock's owner, when its file reads.</param>
    public static string Of(string? recorded, bool lockExists, RunLockOwner? owner)
    {
        if (recorded is not null && recorded != RunSummary.Running) { return recorded; }
        if (owner is not null && !owner.IsGone) { return owner.IsThisHost ? RunSummary.Running : Unverified; }
        return recorded is null && !lockExists ? Unknown : Dead;
    }
}
