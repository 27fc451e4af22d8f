namespace MetaRL.Tracking;

/// <summary>
/// What a run directory holds (see docs/run-directory.md): its flattened config, summary, meta-evaluation
/// rows and, loaded on demand, its scalars. Algo, env and seed come from the summary, else from the config.
/// </summary>
public sealed class RunDirectory
{
    private RunScalars? _scalars;

    private RunDirectory(string path, IReadOnlyList<KeyValuePair<string, string>> config, RunSummary? summary, IReadOnlyList<MetaEvalRow>? metaEval)
    {
        Path = path;
        Config = config;
        Summary = summary;
        MetaEval = metaEval;
    }

    public string Path { get; }

    /// <summary>The directory's name.</summary>
    public string Name => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(Path));

    /// <summary>config.yaml flattened to dotted keys, in file order (empty when absent).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Config { get; }

    public RunSummary? Summary { get; }

    /// <summary>Rows of meta_eval.json, or null for a run without one.</summary>
    public IReadOnlyList<MetaEvalRow>? MetaEval { get; }

    public string? Algo => Summary?.Algo ?? ConfigValue("algo");

    public string? Env => Summary?.Env ?? ConfigValue("env");

    public string? Seed => Summary?.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ConfigValue("seed");

    /// <summary>The run's scalars (event files, else metrics.jsonl), read once.</summary>
    public RunScalars Scalars => _scalars ??= RunScalars.Load(Path);

    public string? ConfigValue(string key) => Config.FirstOrDefault(kv => kv.Key == key).Value;

    /// <summary>True when <paramref name="path"/> holds any of the files a run writes.</summary>
    public static bool IsRun(string path) =>
        File.Exists(System.IO.Path.Combine(path, RunConfig.FileName))
        || File.Exists(System.IO.Path.Combine(path, RunSummary.FileName))
        || File.Exists(System.IO.Path.Combine(path, JsonlScalarSink.FileName))
        || RunScalars.EventFiles(path).Length > 0;

    /// <summary>Reads a run directory; throws <see cref="RunFormatException"/> when one of its files is malformed.</summary>
    public static RunDirectory Load(string path)
    {
        string config = System.IO.Path.Combine(path, RunConfig.FileName);
        string summary = System.IO.Path.Combine(path, RunSummary.FileName);
        string meta = System.IO.Path.Combine(path, MetaEvalRow.FileName);
        return new RunDirectory(
            path,
            File.Exists(config) ? RunConfig.Load(config) : [],
            File.Exists(summary) ? RunSummary.Load(summary) : null,
            File.Exists(meta) ? MetaEvalRow.Load(meta) : null);
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
