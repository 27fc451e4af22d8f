using YamlDotNet.RepresentationModel;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Reads and validates a study file:
/// <code>
/// name: ppo-cartpole                  # optional; default: the file name
/// config: ../configs/ppo-cartpole.yaml # a metarl train config (path relative to this file) or an inline mapping
/// set: {total_steps: 100000}           # optional overrides on top of config
/// metric: final_return_mean            # a numeric field of summary.json
/// direction: maximize                  # optional for final_return_mean (maximize)
/// search_space:
///   learning_rate: {type: float, low: 1.0e-4, high: 1.0e-2, log: true}
/// report_every: 10240                  # optional; steps between learning-curve reports (default total_steps / 10)
/// pruner: {type: median, startup_trials: 5, warmup_steps: 30000}   # optional
/// enqueue: [defaults, {learning_rate: 1.0e-3}]                      # optional: trials to run first
/// runs_dir: runs/my-study              # optional: where the per-trial run folders go
/// </code>
/// Every problem raises <see cref="ConfigException"/> with one line starting with the file name; the
/// searched keys and ranges are bound through <see cref="TrainConfig.Resolve"/> (at both ends of every
/// range and at every choice), so an unknown key or an out-of-range value is caught before any trial runs.
/// </summary>
internal static class StudyFileReader
{
    private static readonly string[] TopKeys = ["name", "config", "set", "metric", "direction", "search_space", "report_every", "pruner", "enqueue", "runs_dir"];

    public static TrainStudySpec Load(string path)
    {
        string text = ConfigFile.Text(path, "study file"); // a folder, a device or an unreadable file is named as such
        string full = Path.GetFullPath(path);
        string file = Path.GetFileName(full);
        try
        {
            return Parse(text, full);
        }
        catch (ConfigException ex)
        {
            throw new ConfigException($"{file}: {ex.Message}", ex);
        }
    }

    private static TrainStudySpec Parse(string text, string full)
    {
        var stream = YamlConfigReader.Load(text, "study file");
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) { throw new ConfigException("a study file must be a mapping (config:, metric:, search_space:, …)"); }
        var top = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (k, v) in root.Children)
        {
            string key = StudyYaml.Key(k, "study");
            if (!TopKeys.Contains(key)) { throw new ConfigException(KeySuggester.UnknownKeyMessage(key, TopKeys)); }
            if (!top.TryAdd(key, v)) { throw new ConfigException($"key '{key}' appears twice"); }
        }
        string? Scalar(string key) => top.TryGetValue(key, out var n) ? (n as YamlScalarNode)?.Value ?? throw new ConfigException($"{key}: must be a single value") : null;

        var baseConfig = Config(top, Path.GetDirectoryName(full)!);
        if (top.TryGetValue("set", out var set))
        {
            if (set is not YamlMappingNode setMap) { throw new ConfigException("set: must be a mapping of config keys to values"); }
            baseConfig.AddRange(StudyYaml.FlatConfig(setMap, "set"));
        }
        var resolved = Resolve(baseConfig, "config");

        string metric = Scalar("metric") ?? throw new ConfigException($"needs metric: (a numeric field of summary.json: {string.Join(", ", SummaryMetric.Names)})");
        if (!SummaryMetric.Names.Contains(metric)) { throw new ConfigException("metric: " + KeySuggester.UnknownKeyMessage(metric, SummaryMetric.Names).Replace("key", "metric", StringComparison.Ordinal)); }
        var direction = Scalar("direction")?.Trim().ToLowerInvariant() switch
        {
            null => SummaryMetric.NaturalDirection(metric) ?? throw new ConfigException($"direction: needed for metric '{metric}' (maximize or minimize)"),
            "maximize" or "maximise" or "max" => StudyDirection.Maximize,
            "minimize" or "minimise" or "min" => StudyDirection.Minimize,
            var d => throw new ConfigException($"direction: must be maximize or minimize, got '{d}'"),
        };

        if (!top.TryGetValue("search_space", out var spaceNode)) { throw new ConfigException("needs search_space: (config keys mapped to ranges)"); }
        var parameters = SearchSpaceReader.Read(spaceNode);
        foreach (var p in parameters)
        {
            foreach (var probe in Probes(p.Distribution)) { Resolve([.. baseConfig, (p.Key, probe)], $"search_space.{p.Key}"); }
        }

        long totalSteps = resolved.Options.TotalSteps;
        long reportEvery = Scalar("report_every") is { } re
            ? (long.TryParse(re, out long r) && r >= 1 ? r : throw new ConfigException($"report_every: must be a whole number ≥ 1, got '{re}'"))
            : Math.Max(1, totalSteps / 10);
        var pruner = top.TryGetValue("pruner", out var pn) ? PrunerSpec.Parse(pn) : PrunerSpec.None;
        if (!pruner.IsNone && metric != "final_return_mean") { throw new ConfigException($"pruner: the learning curve reports episode return means, so pruning needs metric: final_return_mean (not '{metric}')"); }
        try { pruner.Create(reportEvery, totalSteps); }
        catch (ArgumentException ex) { throw new ConfigException($"pruner: {ex.Message}"); }

        string name = Scalar("name") ?? Path.GetFileNameWithoutExtension(full);
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))) { throw new ConfigException($"name: use letters, digits, '-', '_' or '.', got '{name}'"); }
        return new TrainStudySpec
        {
            Name = name,
            SourcePath = full,
            BaseConfig = baseConfig,
            Parameters = parameters,
            Metric = metric,
            Direction = direction,
            ReportEvery = reportEvery,
            Pruner = pruner,
            Enqueued = top.TryGetValue("enqueue", out var en) ? EnqueueReader.Read(en, parameters, resolved) : [],
            RunsDir = Scalar("runs_dir"),
        };
    }

    private static List<(string Key, string Value)> Config(Dictionary<string, YamlNode> top, string folder)
    {
        if (!top.TryGetValue("config", out var node)) { throw new ConfigException("needs config: (a metarl train config file, or an inline mapping of its keys)"); }
        if (node is YamlMappingNode map) { return StudyYaml.FlatConfig(map, "config"); }
        string rel = (node as YamlScalarNode)?.Value ?? throw new ConfigException("config: must be a file path or a mapping");
        if (string.IsNullOrWhiteSpace(rel)) { throw new ConfigException("config: needs a file path or a mapping, got an empty value"); }
        string path;
        try { path = Path.GetFullPath(Path.Combine(folder, rel)); }
        catch (ArgumentException) { throw new ConfigException($"config: '{Tracking.PathGuard.Show(rel)}' is not a valid path"); }
        if (!File.Exists(path) && !Directory.Exists(path)) { throw new ConfigException($"config: file '{rel}' does not exist (looked at {path})"); }
        return ConfigFile.Pairs(path, "config file");
    }

    /// <summary>Values that exercise a range: both ends (and the middle of a float range), or every choice.</summary>
    private static IEnumerable<string> Probes(ParamDistribution d) => d switch
    {
        FloatDistribution f => new[] { f.FromModel(f.ModelLow), f.FromModel(f.ModelHigh), f.FromModel(0.5 * (f.ModelLow + f.ModelHigh)) }.Select(v => TrainObjective.Format(v)),
        IntDistribution i => [TrainObjective.Format(i.Low), TrainObjective.Format(i.High)],
        CategoricalDistribution c => c.Choices,
        _ => [],
    };

    private static TrainConfig Resolve(List<(string Key, string Value)> values, string where)
    {
        try { return TrainConfig.Resolve(values); }
        catch (ConfigException ex) { throw new ConfigException($"{where}: {ex.Message}"); }
        catch (Envs.EnvConfigurationException ex) { throw new ConfigException($"{where}: {ex.Message}"); }
        catch (Memory.MemoryLimitException ex) { throw new ConfigException($"{where}: {ex.Message}"); }
    }
}
