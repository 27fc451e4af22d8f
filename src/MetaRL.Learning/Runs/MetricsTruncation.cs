using System.Globalization;
using System.Text;

namespace MetaRL.Learning;

/// <summary>Drops <c>metrics.jsonl</c> lines logged after a checkpoint, so a resumed run does not repeat them.</summary>
public static class MetricsTruncation
{
    /// <summary>Keeps only the lines whose step is at most <paramref name="maxStep"/>.</summary>
    public static void KeepUpTo(string path, long maxStep)
    {
        if (!File.Exists(path)) { return; }
        var kept = File.ReadLines(path).Where(line => StepOf(line) is { } s && s <= maxStep).ToArray();
        RunDirectory.WriteAtomic(path, kept.Length == 0 ? "" : string.Join('\n', kept) + "\n");
    }

    private static long? StepOf(string line)
    {
        int at = line.IndexOf("\"step\":", StringComparison.Ordinal);
        if (at < 0) { return null; }
        at += 7;
        while (at < line.Length && line[at] == ' ') { at++; }
        int end = at;
        while (end < line.Length && (char.IsAsciiDigit(line[end]) || line[end] == '-')) { end++; }
        return long.TryParse(line.AsSpan(at, end - at), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : null;
    }
}
