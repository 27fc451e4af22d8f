namespace MetaRL.Tracking;

/// <summary>
/// A run directory, the one layout every command writes and reads (see docs/run-directory.md): <c>config.yaml</c>
/// (the resolved config), <c>metrics.jsonl</c> and a TensorBoard event file, <c>checkpoints/&lt;step&gt;/</c>
/// (<see cref="CheckpointStore"/>), <c>summary.json</c> (<see cref="RunSummary"/>), once meta-evaluated,
/// <c>meta_eval.json</c> (<see cref="MetaEvalRow"/>), and a gradient-based meta run's pretrained baseline and task set. Files are written atomically. The config, summary, meta-evaluation
/// rows and scalars are read on first use; <see cref="Load"/> reads them at once to report a malformed file.
/// A writer first takes the folder's <see cref="RunLock"/> (<c>run.lock</c>) through <see cref="OpenForWriting"/>, which
/// also refuses an existing run unless it is resumed or overwritten, so two writers never mix their files.
/// </summary>
public sealed class RunDirectory
{
    private IReadOnlyList<KeyValuePair<string, string>>? _config;
    private RunSummary? _summary;
    private bool _summaryRead;
    private IReadOnlyList<MetaEvalRow>? _metaEval;
    private bool _metaEvalRead;
    private RunScalars? _scalars;

    /// <summary>The run in folder <paramref name="path"/> (which need not exist yet); nothing is read. An empty or malformed
    /// path is refused here (<see cref="UnusablePathException"/>).</summary>
    public RunDirectory(string path)
    {
        Path = path;
        Root = PathGuard.Full(path, "run folder");
        Checkpoints = new CheckpointStore(CheckpointsPath);
    }

    /// <summary>The folder as given.</summary>
    public string Path { get; }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>The directory's name.</summary>
    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Root));

    public string ConfigPath => File(RunConfig.FileName);

    public string MetricsPath => File(JsonlScalarSink.FileName);

    public string SummaryPath => File(RunSummary.FileName);

    public string MetaEvalPath => File(MetaEvalRow.FileName);

    public string CheckpointsPath => File("checkpoints");

    /// <summary>A gradient-based meta run's multi-task pretrained baseline.</summary>
    public string PretrainedPath => File("pretrained.safetensors");

    /// <summary>A meta run's fixed training task set (when <c>train_tasks</c> is set).</summary>
    public string TrainTasksPath => File("train_tasks.json");

    /// <summary>The writer's lock file (<see cref="RunLock"/>), present while a process writes the run.</summary>
    public string LockPath => File(RunLock.FileName);

    /// <summary>The run's checkpoints.</summary>
    public CheckpointStore Checkpoints { get; }

    /// <summary>A file of the run (an artefact beside the standard ones, such as a meta run's pretrained baseline).</summary>
    public string File(string name) => System.IO.Path.Combine(Root, name);

    /// <summary>True when the folder already holds a run (its config was written).</summary>
    public bool HasRun => System.IO.File.Exists(ConfigPath);

    /// <summary>config.yaml flattened to dotted keys, in file order (empty when absent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Config =>
        _config ??= System.IO.File.Exists(ConfigPath) ? RunConfig.Load(ConfigPath) : [];

    /// <summary>summary.json, or null before the run wrote one.</summary>
    public RunSummary? Summary
    {
        get
        {
            if (!_summaryRead) { _summary = System.IO.File.Exists(SummaryPath) ? RunSummary.Load(SummaryPath) : null; _summaryRead = true; }
            return _summary;
        }
    }

    /// <summary>Rows of meta_eval.json, or null for a run without one.</summary>
    public IReadOnlyList<MetaEvalRow>? MetaEval
    {
        get
        {
            if (!_metaEvalRead) { _metaEval = System.IO.File.Exists(MetaEvalPath) ? MetaEvalRow.Load(MetaEvalPath) : null; _metaEvalRead = true; }
            return _metaEval;
        }
    }

    public string? Algo => Summary?.Algo ?? ConfigValue("algo");

    public string? Env => Summary?.Env ?? ConfigValue("env");

    public string? Seed => Summary?.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ConfigValue("seed");

    /// <summary>The status to show for the run: summary.json's, except that a run whose summary says
    /// <see cref="RunSummary.Running"/> (or that has none yet) is checked against its lock's owner (<see cref="RunStatus"/>).</summary>
    public string Status => RunStatus.Of(Summary?.Status, System.IO.File.Exists(LockPath), RunLock.ReadOwner(Root));

    /// <summary>The run's scalars (event files, else metrics.jsonl), read once.</summary>
    public RunScalars Scalars => _scalars ??= RunScalars.Load(Root);

    public string? ConfigValue(string key) => Config.FirstOrDefault(kv => kv.Key == key).Value;

    /// <summary>Writes config.yaml.</summary>
    public void WriteConfig(string yaml)
    {
        AtomicFile.WriteText(ConfigPath, yaml);
        _config = null;
    }

    /// <summary>Writes summary.json.</summary>
    public void WriteSummary(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        summary.Save(SummaryPath);
        (_summary, _summaryRead) = (summary, true);
    }

    /// <summary>Writes meta_eval.json.</summary>
    public void WriteMetaEval(IReadOnlyList<MetaEvalRow> rows)
    {
        MetaEvalRow.Save(MetaEvalPath, rows);
        _metaEvalRead = false; // read back as written (rounded)
    }

    /// <summary>
    /// Takes the run's writer lock (the folder is created when missing) and checks the folder against
    /// <paramref name="opening"/>: a <see cref="RunOpening.New"/> run is refused where a run already is, a
    /// <see cref="RunOpening.Resume"/> where none is. Opening changes none of the run's files, whatever the opening: the
    /// writer prepares everything that can fail (settings, learner, task set, data, the checkpoint restored into memory, a
    /// warm start) and only then begins, clearing the earlier run's files (<see cref="Clear"/>, for an overwrite or a fresh
    /// start) or dropping the scalars after the restored checkpoint (<see cref="KeepScalarsBefore"/>); so a resume or an
    /// overwrite that fails leaves the folder as it was, and a new run that fails leaves no folder. Throws <see cref="RunConflictException"/> (the lock is not kept); dispose the result when the writing ends. A folder
    /// that cannot be one (an existing file, a device, a place this process cannot write) is refused first, before the lock
    /// is tried (<see cref="PathGuard.WritableFolder"/>: <see cref="UnusablePathException"/>).
    /// </summary>
    /// <param name="opening">How the run is opened.</param>
    /// <param name="notice">Told in one line when a stale lock (of a killed process) is taken over.</param>
    public RunLock OpenForWriting(RunOpening opening, Action<string>? notice = null)
    {
        bool existed = Directory.Exists(Root);
        CheckWritable();
        var held = RunLock.Acquire(Root, notice);
        held.CreatedFolder = !existed;
        try
        {
            switch (opening)
            {
                case RunOpening.New when IsRun(Root):
                    throw new RunConflictException($"'{Root}' already holds a run; pass --resume to continue it, --overwrite to replace it, or choose another --out");
                case RunOpening.Resume when !HasRun:
                    throw new RunConflictException(FolderKind.NoRun(Root, "run to resume"));
            }
            return held;
        }
        catch
        {
            held.Dispose();
            throw;
        }
    }

    /// <summary>Takes the run's writer lock without checking what the folder holds: for a command that adds a file to an
    /// existing run (meta-evaluation). Throws <see cref="RunConflictException"/> while another process writes the run.</summary>
    public RunLock Lock(Action<string>? notice = null)
    {
        CheckWritable();
        return RunLock.Acquire(Root, notice);
    }

    // A writer's first step: the folder must be one this process can write, and its lock a file it can create.
    private void CheckWritable()
    {
        PathGuard.WritableFolder(Root, "run folder");
        PathGuard.WritableFile(LockPath, "the run's lock");
    }

    /// <summary>Removes the files of the run in the folder (config, metrics, event files, summary, checkpoints, meta-evaluation,
    /// pretrained baseline, task set), keeping <c>config.yaml</c> when <paramref name="keepConfig"/>; other files are left alone.</summary>
    public void Clear(bool keepConfig = false)
    {
        var files = RunScalars.EventFiles(Root).Concat([MetricsPath, SummaryPath, MetaEvalPath, PretrainedPath, TrainTasksPath]);
        if (!keepConfig) { files = files.Append(ConfigPath); }
        foreach (var file in files)
        {
            if (System.IO.File.Exists(file)) { System.IO.File.Delete(file); }
        }
        if (Directory.Exists(CheckpointsPath)) { Directory.Delete(CheckpointsPath, recursive: true); }
        (_config, _summary, _summaryRead, _metaEval, _metaEvalRead, _scalars) = (null, null, false, null, false, null);
    }

    /// <summary>Drops the scalars logged at or after <paramref name="step"/> from metrics.jsonl and every event file, so a run
    /// resumed from a checkpoint at that step neither repeats them nor shows TensorBoard a step going backwards.</summary>
    public void KeepScalarsBefore(long step)
    {
        MetricsTruncation.KeepBefore(MetricsPath, step);
        foreach (var file in RunScalars.EventFiles(Root)) { TensorBoard.EventFileTruncation.KeepBefore(file, step); }
        _scalars = null;
    }

    /// <summary>True when <paramref name="path"/> holds any of the files a run writes.</summary>
    public static bool IsRun(string path) =>
        System.IO.File.Exists(System.IO.Path.Combine(path, RunConfig.FileName))
        || System.IO.File.Exists(System.IO.Path.Combine(path, RunSummary.FileName))
        || System.IO.File.Exists(System.IO.Path.Combine(path, JsonlScalarSink.FileName))
        || RunScalars.EventFiles(path).Length > 0;

    /// <summary>Reads a run directory's config, summary and meta-evaluation rows; throws <see cref="RunFormatException"/>
    /// when one of them is malformed.</summary>
    public static RunDirectory Load(string path)
    {
        var run = new RunDirectory(path);
        _ = run.Config;
        _ = run.Summary;
        _ = run.MetaEval;
        return run;
    }

    /// <summary>
    /// The run directories at or beneath <paramref name="root"/> (down to <paramref name="maxDepth"/> levels,
    /// not inside a run), sorted by path.
    /// </summary>
    public static IReadOnlyList<string> Find(string root, int maxDepth = 4)
    {
        var found = new List<string>();
        Walk(root, 0);
        found.Sort(StringComparer.Ordinal);
        return found;

        void Walk(string dir, int depth)
        {
            if (IsRun(dir)) { found.Add(dir); return; }
            if (depth >= maxDepth) { return; }
            foreach (var sub in Directory.EnumerateDirectories(dir)) { Walk(sub, depth + 1); }
        }
    }
}
