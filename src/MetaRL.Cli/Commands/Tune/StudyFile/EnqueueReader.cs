using YamlDotNet.RepresentationModel;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// Reads the <c>enqueue:</c> list of a study file: each entry is a mapping of searched keys to values, or
/// the word <c>defaults</c> (every searched key at the value the base config resolves to, e.g. the
/// algorithm's published defaults). Keys left out of an entry are sampled as usual.
/// </summary>
internal static class EnqueueReader
{
    public static List<IReadOnlyDictionary<string, double>> Read(YamlNode node, IReadOnlyList<StudyParameter> parameters, TrainConfig resolved)
    {
        if (node is not YamlSequenceNode list) { throw new ConfigException("enqueue: must be a list of trials (each 'defaults' or a mapping of searched keys to values)"); }
        var result = new List<IReadOnlyDictionary<string, double>>();
        var keys = parameters.Select(p => p.Key).ToArray();
        for (int i = 0; i < list.Children.Count; i++)
        {
            string where = $"enqueue[{i}]";
            var entry = list.Children[i];
            Dictionary<string, string> values;
            if (entry is YamlScalarNode { Value: "defaults" })
            {
                var all = YamlConfigReader.Read(resolved.ToYaml(), "resolved config").ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
                values = keys.ToDictionary(k => k, k => all[k], StringComparer.Ordinal);
            }
            else if (entry is YamlMappingNode map)
            {
                values = map.Children.ToDictionary(kv => StudyYaml.Key(kv.Key, where), kv => StudyYaml.Text(kv.Value, where), StringComparer.Ordinal);
            }
            else { throw new ConfigException($"{where}: must be 'defaults' or a mapping of searched keys to values"); }
            var internals = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, raw) in values)
            {
                var p = parameters.FirstOrDefault(x => x.Key == key) ?? throw new ConfigException($"{where}: '{key}' is not in search_space" + (KeySuggester.Nearest(key, keys) is { } near ? $"; did you mean '{near}'?" : ""));
                internals[key] = Internal($"{where}.{key}", p.Distribution, raw);
            }
            result.Add(internals);
        }
        return result;
    }

    private static double Internal(string where, ParamDistribution d, string raw)
    {
        if (d is CategoricalDistribution c)
        {
            int index = c.Choices.ToList().IndexOf(raw);
            return index >= 0 ? index : throw new ConfigException($"{where}: '{raw}' is not one of the choices ({string.Join(", ", c.Choices)})");
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !d.Contains(v))
        {
            throw new ConfigException($"{where}: '{raw}' lies outside the searched range {Describe(d)}");
        }
        return v;
    }

    private static string Describe(ParamDistribution d) => d switch
    {
        FloatDistribution f => $"[{SearchSpaceReader.Show(f.Low)}, {SearchSpaceReader.Show(f.High)}]",
        IntDistribution i => $"[{i.Low}, {i.High}] (whole numbers)",
        _ => d.Serialize(),
    };
}
