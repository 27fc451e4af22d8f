namespace MetaRL.Tuning;

/// <summary>A study as the storage knows it.</summary>
public sealed record StudyInfo(int Id, string Name, StudyDirection Direction);

/// <summary>
/// Where studies and trials live. Every operation is atomic; <see cref="ClaimTrial"/> hands out trial
/// numbers so that several workers (threads or processes) never get the same trial, and finishing a
/// trial assigns it a completion order that all workers read alike. Implementations: in memory, a
/// SQLite file (<see cref="SqliteStorage"/>) and a PostgreSQL server (<see cref="PostgresStorage"/>).
/// </summary>
public abstract class TrialStorage : IDisposable
{
    /// <summary>Creates the study, or loads it when one of that name exists (its direction must then match).</summary>
    public abstract StudyInfo CreateOrLoadStudy(string name, StudyDirection direction);

    /// <summary>The study of that name, or null.</summary>
    public abstract StudyInfo? FindStudy(string name);

    public abstract IReadOnlyList<StudyInfo> ListStudies();

    /// <summary>
    /// Claims the oldest Waiting trial, or creates a new Running trial with the next number, unless the
    /// study already holds <paramref name="maxTrials"/> trials that count towards the budget (every trial
    /// except failed ones that were retried). Returns null when the budget is spent.
    /// </summary>
    public abstract FrozenTrial? ClaimTrial(int studyId, string worker, int? maxTrials = null);

    /// <summary>Adds a Waiting trial with fixed parameters and attributes; the next claim takes it.</summary>
    public abstract long EnqueueTrial(int studyId, IReadOnlyDictionary<string, double> parameters,
        IReadOnlyDictionary<string, ParamDistribution> distributions, IReadOnlyDictionary<string, string>? systemAttrs = null);

    public abstract void SetParam(long trialId, string name, double internalValue, ParamDistribution distribution);

    public abstract void SetSystemAttr(long trialId, string key, string value);

    public abstract void SetIntermediate(long trialId, int step, double value);

    /// <summary>Finishes a Running trial; false (and no change) when it is no longer Running, e.g. already failed for a lost heartbeat.</summary>
    public abstract bool FinishTrial(long trialId, TrialState state, double? value, string? error = null);

    /// <summary>Records that the worker running the trial is alive.</summary>
    public abstract void Heartbeat(long trialId);

    /// <summary>
    /// Marks Failed every Running trial whose last heartbeat is older than <paramref name="grace"/>;
    /// with <paramref name="retry"/>, enqueues a Waiting copy of each with the same parameters.
    /// Returns the trials it failed.
    /// </summary>
    public abstract IReadOnlyList<FrozenTrial> FailStaleTrials(int studyId, TimeSpan grace, bool retry);

    /// <summary>
    /// Fails every Running trial that <paramref name="worker"/> holds (a worker that was stopped, killed or
    /// crashed) with <paramref name="error"/>, without retrying them; returns the trials it failed.
    /// </summary>
    public abstract IReadOnlyList<FrozenTrial> FailWorkerTrials(int studyId, string worker, string error);

    /// <summary>
    /// Returns the next number of the study's counter <paramref name="sequence"/> (0, 1, 2, …), atomically across
    /// every worker sharing the storage: how workers get distinct numbers (<see cref="Study.Join"/>) and how
    /// samplers hand out members of a generation exactly once.
    /// </summary>
    public abstract long NextInSequence(int studyId, string sequence);

    /// <summary>The study's trials in <paramref name="state"/>, by number (e.g. the Running trials other workers hold).</summary>
    public abstract IReadOnlyList<FrozenTrial> GetTrials(int studyId, TrialState state);

    /// <summary>Finished trials (Complete, Pruned, Failed) with a completion order above <paramref name="afterOrder"/>, in that order.</summary>
    public abstract IReadOnlyList<FrozenTrial> GetFinishedTrials(int studyId, long afterOrder);

    /// <summary>Every trial of the study, by number.</summary>
    public abstract IReadOnlyList<FrozenTrial> GetAllTrials(int studyId);

    public abstract FrozenTrial GetTrial(long trialId);

    /// <summary>Number of trials in each state.</summary>
    public abstract IReadOnlyDictionary<TrialState, int> CountByState(int studyId);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }

    /// <summary>
    /// Opens storage from a URL: <c>memory</c>, <c>sqlite:PATH</c> or <c>postgres:CONNECTION-STRING</c>
    /// (also <c>postgresql:</c>; an Npgsql connection string such as <c>Host=h;Database=d;Username=u;Password=p</c>).
    /// </summary>
    public static TrialStorage Open(string url, TimeProvider? time = null)
    {
        if (url == "memory" || url == "memory:") { return new InMemoryStorage(time); }
        if (url.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            var path = url["sqlite:".Length..];
            if (path.Length == 0) { throw new ArgumentException("sqlite: storage needs a file path (sqlite:PATH)."); }
            return new SqliteStorage(path, time);
        }
        foreach (var prefix in (ReadOnlySpan<string>)["postgres:", "postgresql:"])
        {
            if (!url.StartsWith(prefix, StringComparison.Ordinal)) { continue; }
            var conn = url[prefix.Length..];
            if (conn.Length == 0 || conn.StartsWith("//", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{prefix} storage needs a connection string ({prefix}Host=…;Database=…;Username=…;Password=…).");
            }
            return new PostgresStorage(conn, time);
        }
        throw new ArgumentException($"Unknown storage '{url}': use 'memory', 'sqlite:PATH' or 'postgres:Host=…;Database=…;Username=…'.");
    }
}
