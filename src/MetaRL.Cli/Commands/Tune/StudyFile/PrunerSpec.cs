using YamlDotNet.RepresentationModel;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// The <c>pruner:</c> entry of a study file: <c>none</c>, <c>median</c>, <c>successive_halving</c> or
/// <c>hyperband</c>, written as a bare name or as a mapping with <c>type:</c> and the pruner's settings.
/// Steps are environment steps (the learning curve is reported every <c>report_every</c> steps).
/// </summary>
internal sealed record PrunerSpec(string Kind, IReadOnlyDictionary<string, long> Settings)
{
    public static readonly string[] Kinds = ["none", "median", "successive_halving", "hyperband"];

    private static readonly Dictionary<string, string[]> KeysOf = new()
    {
        ["none"] = [],
        ["median"] = ["startup_trials", "warmup_steps", "interval_steps"],
        ["successive_halving"] = ["min_resource", "reduction_factor", "min_early_stopping_rate"],
        ["hyperband"] = ["min_resource", "max_resource", "reduction_factor"],
    };

    public static PrunerSpec None { get; } = new("none", new Dictionary<string, long>());

    public bool IsNone => Kind == "none";

    /// <summary>Builds the pruner; unset resources default to <paramref name="reportEvery"/> (first rung) and <paramref name="totalSteps"/>.</summary>
    public Pruner Create(long reportEvery, long totalSteps)
    {
        int Get(string key, long fallback) => (int)Math.Min(int.MaxValue, Settings.GetValueOrDefault(key, fallback));
        return Kind switch
        {
            "median" => new MedianPruner { StartupTrials = Get("startup_trials", 5), WarmupSteps = Get("warmup_steps", 0), IntervalSteps = Get("interval_steps", 1) },
            "successive_halving" => new SuccessiveHalvingPruner
            {
                MinResource = Get("min_resource", reportEvery), ReductionFactor = Get("reduction_factor", 3), MinEarlyStoppingRate = Get("min_early_stopping_rate", 0),
            },
            "hyperband" => new HyperbandPruner(Get("min_resource", reportEvery), Get("max_resource", totalSteps), Get("reduction_factor", 3)),
            _ => new NopPruner(),
        };
    }

    /// <summary>Reads the entry; problems raise <see cref="ConfigException"/> with a message starting <c>pruner</c>.</summary>
    public static PrunerSpec Parse(YamlNode node)
    {
        if (node is YamlScalarNode scalar) { return new PrunerSpec(ParseKind(scalar.Value ?? ""), new Dictionary<string, long>()); }
        if (node is not YamlMappingNode map) { throw new ConfigException("pruner: must be a name (none, median, successive_halving, hyperband) or a mapping with type:"); }
        var entries = StudyYaml.Scalars(map, "pruner");
        if (!entries.TryGetValue("type", out var type)) { throw new ConfigException("pruner: needs type: (none, median, successive_halving, hyperband)"); }
        string kind = ParseKind(type);
        var settings = new Dictionary<string, long>();
        foreach (var (key, raw) in entries)
        {
            if (key == "type") { continue; }
            if (!KeysOf[kind].Contains(key)) { throw new ConfigException($"pruner ({kind}): " + KeySuggester.UnknownKeyMessage(key, KeysOf[kind])); }
            if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) || v < 0)
            {
                throw new ConfigException($"pruner.{key}: must be a whole number ≥ 0, got '{raw}'");
            }
            if (key is "reduction_factor" && v < 2) { throw new ConfigException($"pruner.{key}: must be at least 2, got {v}"); }
            if (key is "min_resource" or "max_resource" or "interval_steps" && v < 1) { throw new ConfigException($"pruner.{key}: must be at least 1, got {v}"); }
            settings[key] = v;
        }
        return new PrunerSpec(kind, settings);
    }

    private static string ParseKind(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (Kinds.Contains(n)) { return n; }
        var near = KeySuggester.Nearest(n, Kinds);
        throw new ConfigException($"pruner: unknown pruner '{name}'" + (near is null ? $"; use {string.Join(", ", Kinds)}" : $"; did you mean '{near}'?"));
    }
}
