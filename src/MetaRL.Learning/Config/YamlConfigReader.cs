using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetaRL.Learning;

/// <summary>Reads a flat YAML mapping of keys to scalars (or flow lists of scalars) into strings.</summary>
public static class YamlConfigReader
{
    public static List<(string Key, string Value)> Read(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{source}: not valid YAML at line {ex.Start.Line}: {ex.Message}");
        }
        var result = new List<(string, string)>();
        if (stream.Documents.Count == 0) { return result; }
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            if (stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" }) { return result; }
            throw new ConfigException($"{source}: the config must be a mapping of keys to values");
        }
        foreach (var (k, v) in map.Children)
        {
            string key = (k as YamlScalarNode)?.Value ?? throw new ConfigException($"{source}: keys must be plain names (line {k.Start.Line})");
            if (result.Any(r => r.Item1 == key)) { throw new ConfigException($"{source}: key '{key}' appears twice"); }
            string value = v switch
            {
                YamlScalarNode s => s.Value ?? "",
                YamlSequenceNode seq when seq.Children.All(c => c is YamlScalarNode) =>
                    "[" + string.Join(", ", seq.Children.Select(c => ((YamlScalarNode)c).Value)) + "]",
                _ => throw new ConfigException($"{source}: key '{key}' must hold a single value or a list of values (line {v.Start.Line})"),
            };
            result.Add((key, value));
        }
        return result;
    }
}
