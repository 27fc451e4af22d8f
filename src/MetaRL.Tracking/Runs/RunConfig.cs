using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MetaRL.Tracking;

/// <summary>
/// A run's resolved <c>config.yaml</c> flattened to dotted keys (<c>ppo.clip_coef</c>) with their scalar text,
/// in file order; sequences become <c>[a, b]</c>.
/// </summary>
public static class RunConfig
{
    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "config.yaml";

    /// <summary>Reads and flattens; throws <see cref="RunFormatException"/> naming the file when the YAML is malformed.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Load(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            var yaml = new YamlStream();
            yaml.Load(reader);
            var flat = new List<KeyValuePair<string, string>>();
            if (yaml.Documents.Count == 0) { return flat; }
            if (yaml.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new RunFormatException($"{path}: expected a mapping of keys to values at the top level");
            }
            Flatten(root, "", flat);
            return flat;
        }
        catch (YamlException ex)
        {
            throw new RunFormatException($"{path}: malformed YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }
    }

    private static void Flatten(YamlMappingNode node, string prefix, List<KeyValuePair<string, string>> into)
    {
        foreach (var (keyNode, value) in node.Children)
        {
            string key = prefix + (keyNode is YamlScalarNode k ? k.Value ?? "" : keyNode.ToString());
            if (value is YamlMappingNode map) { Flatten(map, key + ".", into); }
            else { into.Add(new(key, Text(value))); }
        }
    }

    private static string Text(YamlNode node) => node switch
    {
        YamlScalarNode s => s.Value ?? "",
        YamlSequenceNode seq => "[" + string.Join(", ", seq.Children.Select(Text)) + "]",
        YamlMappingNode map => "{" + string.Join(", ", map.Children.Select(c => $"{Text(c.Key)}: {Text(c.Value)}")) + "}",
        _ => node.ToString(),
    };
}
