using System.Globalization;

namespace MetaRL.Envs;

/// <summary>The settings given to <see cref="EnvRegistry.Make"/>, checked against the id's keys, with typed
/// readers that fall back to the registered defaults and reject malformed values in one line.</summary>
public sealed class EnvSettings
{
    private readonly EnvSpec _spec;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    internal EnvSettings(EnvSpec spec, IReadOnlyDictionary<string, string>? values)
    {
        _spec = spec;
        foreach (var s in spec.Settings) { _values[s.Key] = s.Default; }
        if (values is null) { return; }
        foreach (var (key, value) in values)
        {
            if (!_values.ContainsKey(key))
            {
                string valid = spec.Settings.Count == 0 ? "it takes no settings" : "valid keys: " + string.Join(", ", spec.Settings.Select(s => s.Key));
                throw new EnvConfigurationException($"{spec.Id} has no setting '{key}'; {valid}.");
            }
            _values[key] = value;
        }
    }

    /// <summary>The effective value of every key (defaults filled in).</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>An integer setting within [min, max].</summary>
    public int Int(string key, int min = int.MinValue, int max = int.MaxValue)
    {
        string raw = Raw(key);
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
        {
            throw new EnvConfigurationException($"{_spec.Id}: setting '{key}' must be an integer, got '{raw}'.");
        }
        if (v < min || v > max)
        {
            throw new EnvConfigurationException($"{_spec.Id}: setting '{key}' must be in [{min}, {max}], got {v}.");
        }
        return v;
    }

    /// <summary>A finite real setting within [min, max].</summary>
    public double Double(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        string raw = Raw(key);
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            throw new EnvConfigurationException($"{_spec.Id}: setting '{key}' must be a number, got '{raw}'.");
        }
        if (v < min || v > max)
        {
            throw new EnvConfigurationException($"{_spec.Id}: setting '{key}' must be in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], got {raw}.");
        }
        return v;
    }

    /// <summary>A setting that must be one of <paramref name="choices"/> (compared exactly, as written).</summary>
    public string Choice(string key, params string[] choices)
    {
        string raw = Raw(key);
        return choices.Contains(raw, StringComparer.Ordinal) ? raw
            : throw new EnvConfigurationException($"{_spec.Id}: setting '{key}' must be one of {string.Join(", ", choices)}, got '{raw}'.");
    }

    private string Raw(string key) =>
        _values.TryGetValue(key, out var raw) ? raw : throw new InvalidOperationException($"{_spec.Id} registers no key '{key}'.");
}
