using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MetaRL.Learning;

/// <summary>
/// The layout of a run: <c>config.yaml</c> (resolved config), <c>metrics.jsonl</c>,
/// <c>checkpoints/&lt;step&gt;/</c> (model, optimizer and trainer state as safetensors) and <c>summary.json</c>.
/// Files are written to a temporary name and renamed; a checkpoint folder appears only when complete.
/// </summary>
public sealed class RunDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string ConfigPath => Path.Combine(Root, "config.yaml");

    public string MetricsPath => Path.Combine(Root, "metrics.jsonl");

    public string SummaryPath => Path.Combine(Root, "summary.json");

    public string CheckpointsPath => Path.Combine(Root, "checkpoints");

    /// <summary>True when the folder already holds a run.</summary>
    public bool HasRun => File.Exists(ConfigPath);

    /// <summary>The folder of the checkpoint with the most steps, or null.</summary>
    public string? NewestCheckpoint()
    {
        if (!Directory.Exists(CheckpointsPath)) { return null; }
        return Directory.GetDirectories(CheckpointsPath)
            .Select(d => (Dir: d, Ok: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out long s), Step: s))
            .Where(x => x.Ok)
            .OrderByDescending(x => x.Step)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    /// <summary>Writes text through a temporary file and a rename.</summary>
    public static void WriteAtomic(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    public void WriteSummary(RunSummary summary) =>
        WriteAtomic(SummaryPath, JsonSerializer.Serialize(summary, new JsonSerializerOptions { WriteIndented = true }) + "\n");

    public RunSummary? ReadSummary() =>
        File.Exists(SummaryPath) ? JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(SummaryPath)) : null;
}
