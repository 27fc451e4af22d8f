namespace MetaRL.Learning;

/// <summary>
/// The one override order of every command that resolves a run config (<c>train</c>, <c>meta-train</c>, resuming or
/// evaluating a run): first the config file (or, when a meta run resumes, the run's own <c>config.yaml</c>), then each
/// <c>--set key=value</c> in the order given, then the explicit options (<c>--algo</c>, <c>--env</c>, <c>--seed</c>).
/// A later layer wins. The layers come out as one ordered key/value list that <see cref="TrainConfig.Resolve"/> and
/// <see cref="Meta.MetaSetup.Parse"/> read with "last one wins".
/// </summary>
public sealed class ConfigLayers
{
    private readonly List<(string Key, string Value)> _file = [];
    private readonly List<(string Key, string Value)> _sets = [];
    private readonly List<(string Key, string Value)> _options = [];

    /// <summary>The first layer: the keys of a YAML config file (<see cref="ConfigFile.Pairs"/>: a folder, a device, an
    /// unreadable file or one without keys is refused).</summary>
    public ConfigLayers File(string path)
    {
        _file.AddRange(ConfigFile.Pairs(path, "config file"));
        return this;
    }

    /// <summary>The first layer from a run's own <c>config.yaml</c> (resuming or evaluating it); a folder without one, or
    /// a run of the other kind (<paramref name="meta"/>: a meta-training run is wanted), is a clear error.</summary>
    public static ConfigLayers OfRun(Tracking.RunDirectory run, bool meta)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!run.HasRun) { throw new ConfigException(Tracking.FolderKind.NoRun(run.Root, meta ? "meta-training run" : "training run")); }
        var layers = new ConfigLayers().File(run.ConfigPath);
        string? algo = layers._file.LastOrDefault(p => p.Key == "algo").Value;
        bool isMeta = algo is not null && Meta.MetaAlgorithms.Names.Contains(algo);
        if (algo is not null && isMeta != meta)
        {
            throw new ConfigException(meta
                ? $"'{run.Root}' is a single-task run (algo {algo}), not a meta-training run: evaluate it with 'metarl evaluate --run', continue it with 'metarl train --resume --out'"
                : $"'{run.Root}' is a {(Meta.MetaAlgorithms.Describe(algo) is Decision.IPretrainable ? "pretraining" : "meta-training")} run (algo {algo}), not a single-task run: evaluate it with 'metarl meta-eval --run', adapt it with 'metarl adapt --run', continue it with 'metarl {(Meta.MetaAlgorithms.Describe(algo) is Decision.IPretrainable ? "pretrain" : "meta-train")} --resume --out'");
        }
        return layers;
    }

    /// <summary>The second layer: <c>key=value</c> assignments (<c>--set</c>), in order.</summary>
    public ConfigLayers Set(IEnumerable<string>? assignments)
    {
        foreach (var a in assignments ?? []) { _sets.Add(ParseAssignment(a)); }
        return this;
    }

    /// <summary>The third layer: an explicit option, when given (null: not given).</summary>
    public ConfigLayers Option(string key, string? value)
    {
        if (value is not null) { _options.Add((key, value)); }
        return this;
    }

    /// <summary>True when no layer holds a key.</summary>
    public bool IsEmpty => _file.Count + _sets.Count + _options.Count == 0;

    /// <summary>Every key/value in override order (later wins).</summary>
    public IReadOnlyList<(string Key, string Value)> Pairs => [.. _file, .. _sets, .. _options];

    /// <summary>Splits <c>key=value</c> at the first '=' (both sides trimmed).</summary>
    public static (string Key, string Value) ParseAssignment(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || text[..eq].Trim().Length == 0) { throw new ConfigException($"--set expects key=value, got '{text}'"); }
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }
}
