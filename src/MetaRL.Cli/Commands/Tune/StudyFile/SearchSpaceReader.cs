using YamlDotNet.RepresentationModel;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Reads the <c>search_space:</c> mapping of a study file. Each key is a <c>metarl train</c> config key;
/// its value is <c>{type: float, low, high[, log][, step]}</c>, <c>{type: int, low, high[, log]}</c>,
/// <c>{type: categorical, choices: [...]}</c>, or a bare list of choices. Range problems raise
/// <see cref="ConfigException"/> naming the key (whether the key exists is checked later, against the config).
/// </summary>
internal static class SearchSpaceReader
{
    private static readonly string[] Types = ["float", "int", "categorical"];
    private static readonly string[] Attributes = ["type", "low", "high", "log", "step", "choices"];

    public static List<StudyParameter> Read(YamlNode node)
    {
        if (node is not YamlMappingNode map || map.Children.Count == 0)
        {
            throw new ConfigException("search_space: must map at least one config key to a range, e.g. learning_rate: {type: float, low: 1e-5, high: 1e-2, log: true}");
        }
        var result = new List<StudyParameter>();
        foreach (var (k, v) in map.Children)
        {
            string key = StudyYaml.Key(k, "search_space");
            if (result.Any(p => p.Key == key)) { throw new ConfigException($"search_space: key '{key}' appears twice"); }
            result.Add(new StudyParameter(key, Distribution(key, v)));
        }
        return result;
    }

    private static ParamDistribution Distribution(string key, YamlNode node)
    {
        string where = $"search_space.{key}";
        if (node is YamlSequenceNode bare) { return Categorical(where, bare); }
        if (node is not YamlMappingNode map) { throw new ConfigException($"{where}: must be a mapping like {{type: float, low: 1e-4, high: 1e-2}} or a list of choices"); }
        foreach (var (a, _) in map.Children)
        {
            string attr = StudyYaml.Key(a, where);
            if (!Attributes.Contains(attr)) { throw new ConfigException($"{where}: " + KeySuggester.UnknownKeyMessage(attr, Attributes)); }
        }
        YamlNode? Get(string name) => map.Children.TryGetValue(new YamlScalarNode(name), out var n) ? n : null;
        string? type = (Get("type") as YamlScalarNode)?.Value?.Trim().ToLowerInvariant() ?? (Get("choices") is not null ? "categorical" : null);
        if (type is null) { throw new ConfigException($"{where}: needs type: float, int or categorical"); }
        if (!Types.Contains(type)) { throw new ConfigException($"{where}: unknown type '{type}'; use float, int or categorical"); }
        if (type == "categorical")
        {
            if (Get("low") is not null || Get("high") is not null || Get("log") is not null || Get("step") is not null) { throw new ConfigException($"{where}: a categorical takes only choices:"); }
            return Get("choices") is YamlSequenceNode seq ? Categorical(where, seq) : throw new ConfigException($"{where}: needs choices: [a, b, ...]");
        }
        if (Get("choices") is not null) { throw new ConfigException($"{where}: choices: belongs to type: categorical"); }
        double low = Number(where, "low", Get("low")), high = Number(where, "high", Get("high"));
        if (!(low < high)) { throw new ConfigException($"{where}: low ({Show(low)}) must be below high ({Show(high)})"); }
        bool log = Bool(where, "log", Get("log"));
        if (log && low <= 0) { throw new ConfigException($"{where}: log: true needs low > 0 (got {Show(low)})"); }
        if (type == "int")
        {
            if (Get("step") is not null) { throw new ConfigException($"{where}: step: belongs to type: float"); }
            if (low != Math.Floor(low) || high != Math.Floor(high)) { throw new ConfigException($"{where}: an int range needs whole-number low and high (got {Show(low)}, {Show(high)})"); }
            return new IntDistribution((long)low, (long)high, log);
        }
        double? step = Get("step") is { } s ? Number(where, "step", s) : null;
        if (step is double st && !(st > 0 && st <= high - low)) { throw new ConfigException($"{where}: step must be positive and at most high − low (got {Show(st)})"); }
        if (step is not null && log) { throw new ConfigException($"{where}: a range cannot be both log: true and stepped"); }
        return new FloatDistribution(low, high, log, step);
    }

    private static CategoricalDistribution Categorical(string where, YamlSequenceNode seq)
    {
        if (seq.Children.Count == 0) { throw new ConfigException($"{where}: choices must list at least one value"); }
        var choices = seq.Children.Select((c, i) => StudyYaml.Text(c, $"{where}.choices[{i}]")).ToList();
        var dup = choices.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) { throw new ConfigException($"{where}: choice '{dup.Key}' appears twice"); }
        return new CategoricalDistribution(choices);
    }

    private static double Number(string where, string name, YamlNode? node)
    {
        if (node is null) { throw new ConfigException($"{where}: needs {name}:"); }
        string raw = (node as YamlScalarNode)?.Value ?? "";
        return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v : throw new ConfigException($"{where}.{name}: must be a finite number, got '{raw}'");
    }

    private static bool Bool(string where, string name, YamlNode? node)
    {
        if (node is null) { return false; }
        string raw = (node as YamlScalarNode)?.Value ?? "";
        return bool.TryParse(raw, out bool b) ? b : throw new ConfigException($"{where}.{name}: must be true or false, got '{raw}'");
    }

    internal static string Show(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
