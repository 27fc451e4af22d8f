using System.Text.Json;
using MetaRL.Serialization;

namespace MetaRL.Learning.Decision;

/// <summary>One Arrow file of a dataset: its name in the dataset folder and how many rows and transitions it holds.</summary>
public sealed record DecisionFile(string Name, int Rows, long Transitions);

/// <summary>
/// <c>dataset.json</c>, written last beside the Arrow files: the family and its effective settings, the source and its
/// options (every key, the AD learner resolved), the seed, the counts and the files in row order. A folder without it
/// is not a dataset. See docs/decision-model.md, "Datasets".
/// </summary>
public sealed record DecisionManifest(
    string Family,
    IReadOnlyDictionary<string, string> Settings,
    DecisionSource Source,
    IReadOnlyDictionary<string, string> Options,
    long Seed,
    int Tasks,
    long Transitions,
    int ObservationSize,
    int Actions,
    IReadOnlyList<DecisionFile> Files)
{
    /// <summary>The file's name in a dataset folder.</summary>
    public const string FileName = FolderKind.DatasetManifest;

    /// <summary>The <c>format</c> field.</summary>
    public const string FormatName = "metarl.decision-dataset";

    /// <summary>The <c>version</c> field this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Writes the manifest atomically (<see cref="AtomicFile"/>).</summary>
    public void Write(string path) => AtomicFile.WriteJson(path, w =>
    {
        w.WriteStartObject();
        w.WriteString("format", FormatName);
        w.WriteNumber("version", CurrentVersion);
        w.WriteString("family", Family);
        WriteMap(w, "settings", Settings);
        w.WriteString("source", DecisionDataRequest.SourceName(Source));
        WriteMap(w, "options", Options);
        w.WriteNumber("seed", Seed);
        w.WriteNumber("tasks", Tasks);
        w.WriteNumber("transitions", Transitions);
        w.WriteNumber("observation_size", ObservationSize);
        w.WriteNumber("actions", Actions);
        w.WriteStartArray("columns");
        foreach (var c in DecisionSchema.Columns(Source)) { w.WriteStringValue(c); }
        w.WriteEndArray();
        w.WriteStartArray("files");
        foreach (var f in Files)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteNumber("rows", f.Rows);
            w.WriteNumber("transitions", f.Transitions);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>Reads and checks a manifest; anything missing, mistyped or inconsistent throws
    /// <see cref="RunFormatException"/> naming the file and the field.</summary>
    public static DecisionManifest Read(string path)
    {
        if (!File.Exists(path)) { throw new RunFormatException(FolderKind.NoDataset(Path.GetDirectoryName(path) ?? path)); }
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { throw Bad("the top level is not an object"); }
            if (Str(root, "format") != FormatName) { throw Bad($"format is not '{FormatName}'"); }
            if (Int(root, "version") != CurrentVersion) { throw Bad($"version {Int(root, "version")} is not supported (this build reads {CurrentVersion})"); }
            var files = new List<DecisionFile>();
            foreach (var f in Get(root, "files", JsonValueKind.Array).EnumerateArray())
            {
                string name = Str(f, "name");
                if (name.Length == 0 || name != Path.GetFileName(name) || name == FileName) { throw Bad($"file name '{name}' is not a plain file name"); }
                files.Add(new DecisionFile(name, Int(f, "rows"), Long(f, "transitions")));
            }
            string source = Str(root, "source");
            var manifest = new DecisionManifest(Str(root, "family"), Map(root, "settings"),
                source == "dpt" ? DecisionSource.Dpt : source == "ad" ? DecisionSource.Ad : throw Bad($"source '{source}' is neither dpt nor ad"),
                Map(root, "options"), Long(root, "seed"), Int(root, "tasks"), Long(root, "transitions"),
                Int(root, "observation_size"), Int(root, "actions"), files);
            manifest.CheckCounts();
            return manifest;
        }
        catch (JsonException ex) { throw new RunFormatException($"{path}: not valid JSON ({ex.Message})", ex); }
        catch (FormatError ex) { throw new RunFormatException($"{path}: {ex.Message}.", ex); }
    }

    private void CheckCounts()
    {
        if (Tasks < 1 || ObservationSize < 1 || Actions < 1 || Transitions < 0) { throw Bad("tasks, observation_size and actions must be positive"); }
        if (Files.Count == 0) { throw Bad("no files are listed"); }
        if (Files.Any(f => f.Rows < 1 || f.Transitions < 0)) { throw Bad("a file lists no rows"); }
        if (Files.Sum(f => (long)f.Rows) != Tasks) { throw Bad($"the files hold {Files.Sum(f => (long)f.Rows)} rows, not tasks = {Tasks}"); }
        if (Files.Sum(f => f.Transitions) != Transitions) { throw Bad($"the files hold {Files.Sum(f => f.Transitions)} transitions, not {Transitions}"); }
        if (Files.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != Files.Count) { throw Bad("a file is listed twice"); }
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values) { w.WriteString(k, v); }
        w.WriteEndObject();
    }

    private static JsonElement Get(JsonElement e, string name, JsonValueKind kind) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : throw Bad($"field '{name}' is missing or not {(kind == JsonValueKind.Array ? "an array" : kind == JsonValueKind.Object ? "an object" : kind.ToString().ToLowerInvariant())}");

    private static string Str(JsonElement e, string name) => Get(e, name, JsonValueKind.String).GetString()!;

    private static long Long(JsonElement e, string name) =>
        Get(e, name, JsonValueKind.Number).TryGetInt64(out long v) ? v : throw Bad($"field '{name}' is not an integer");

    private static int Int(JsonElement e, string name) =>
        Long(e, name) is long v and >= int.MinValue and <= int.MaxValue ? (int)v : throw Bad($"field '{name}' is out of range");

    private static Dictionary<string, string> Map(JsonElement e, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in Get(e, name, JsonValueKind.Object).EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : throw Bad($"{name}.{p.Name} is not a string");
        }
        return result;
    }

    private static FormatError Bad(string message) => new(message);

    /// <summary>A problem found while reading; <see cref="Read"/> turns it into a <see cref="RunFormatException"/> naming the file.</summary>
    private sealed class FormatError(string message) : Exception(message);
}
