using YamlDotNet.RepresentationModel;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>Small readers for the YAML shapes a study file uses: mappings of scalars and flat config mappings.</summary>
internal static class StudyYaml
{
    /// <summary>A mapping whose values must all be scalars, in file order (duplicate keys rejected).</summary>
    public static Dictionary<string, string> Scalars(YamlMappingNode map, string where)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in map.Children)
        {
            string key = Key(k, where);
            if (v is not YamlScalarNode s) { throw new ConfigException($"{where}.{key}: must be a single value (line {v.Start.Line})"); }
            if (!result.TryAdd(key, s.Value ?? "")) { throw new ConfigException($"{where}: key '{key}' appears twice"); }
        }
        return result;
    }

    /// <summary>A flat <c>metarl train</c> config: keys to scalars or flow lists of scalars (written <c>[a, b]</c>).</summary>
    public static List<(string Key, string Value)> FlatConfig(YamlMappingNode map, string where)
    {
        var result = new List<(string, string)>();
        foreach (var (k, v) in map.Children)
        {
            string key = Key(k, where);
            if (result.Any(r => r.Item1 == key)) { throw new ConfigException($"{where}: key '{key}' appears twice"); }
            result.Add((key, Text(v, $"{where}.{key}")));
        }
        return result;
    }

    /// <summary>A scalar's text, or a list of scalars as <c>[a, b]</c> (how config values like <c>hidden</c> are written).</summary>
    public static string Text(YamlNode node, string where) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) =>
            "[" + string.Join(", ", seq.Children.Select(c => ((YamlScalarNode)c).Value)) + "]",
        _ => throw new ConfigException($"{where}: must be a single value or a list of values (line {node.Start.Line})"),
    };

    public static string Key(YamlNode node, string where) =>
        (node as YamlScalarNode)?.Value is { Length: > 0 } key ? key : throw new ConfigException($"{where}: keys must be plain names (line {node.Start.Line})");
}
