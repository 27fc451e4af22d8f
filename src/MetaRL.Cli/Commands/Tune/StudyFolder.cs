namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// The folder of a study file's trial runs, for a study kept in memory. Such a study starts afresh each time, so its
/// trial numbers (<c>trial-0000</c>, …) would land on an earlier study's runs: they are refused unless
/// <c>--overwrite</c>, and the folder is locked (<see cref="RunLock"/>) for as long as the study runs, so a second
/// in-memory study there fails at once. A stored study (<c>--storage</c>) numbers trials across all its processes,
/// which share the folder; each trial run still holds its own lock.
/// </summary>
internal static class StudyFolder
{
    /// <summary>The folder's lock, or null when there is nothing to hold (a built-in objective, or stored storage).</summary>
    public static RunLock? Open(TuneSettings settings, bool overwrite, TextWriter notices)
    {
        if (settings.Objective is not TrainObjective train || settings.Storage is not null)
        {
            if (overwrite) { throw new UserInputException("--overwrite applies to a study file's study kept in memory (no --storage); a stored study continues where it stopped."); }
            return null;
        }
        var held = RunLock.Acquire(train.RunsRoot, notices.WriteLine);
        try
        {
            if (!overwrite && RunDirectory.Find(train.RunsRoot, maxDepth: 1).Count is int n and > 0)
            {
                throw new UserInputException($"'{train.RunsRoot}' holds {n} run(s) of an earlier study; an in-memory study starts afresh and would replace them: pass --overwrite, name another study with --study, or keep the study in --storage sqlite:PATH to continue it.");
            }
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }
}
