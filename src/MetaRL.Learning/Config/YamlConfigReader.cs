using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetaRL.Learning;

/// <summary>Reads a flat YAML mapping of keys to scalars (or flow lists of scalars) into strings.</summary>
public static class YamlConfigReader
{
    /// <summary>Reads the keys of <paramref name="text"/>; every problem is a <see cref="ConfigException"/> starting with
    /// <paramref name="source"/>.</summary>
    public static List<(string Key, string Value)> Read(string text, string source)
    {
        var stream = Load(text, source);
        var result = new List<(string, string)>();
        if (stream.Documents.Count == 0) { return result; }
        if (stream.Documents.Count > 1) { throw new ConfigException($"{source}: holds {stream.Documents.Count} YAML documents (separated by '---'); a config is one mapping of keys to values"); }
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

    /// <summary>
    /// Parses YAML text, every syntax error a <see cref="ConfigException"/> starting with <paramref name="source"/>: the
    /// parser's own (<see cref="YamlException"/>, with the line: a key given twice, an unclosed quote) and those it raises
    /// as other exceptions, such as a flow sequence left open (<c>[1, 2</c> at the end of a line, then another key).
    /// </summary>
    public static YamlStream Load(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{source}: not valid YAML at line {ex.Start.Line}: {OneLine(ex.Message)}", ex);
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner fails this way on a flow collection left open ("[1, 2" and then a new key).
            throw new ConfigException($"{source}: not valid YAML: a '[' or '{{' that is not closed on its line", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            throw new ConfigException($"{source}: not valid YAML: {OneLine(ex.Message)}", ex);
        }
        return stream;
    }

    private static string OneLine(string text) => Tracking.PathGuard.Show(text);
}
