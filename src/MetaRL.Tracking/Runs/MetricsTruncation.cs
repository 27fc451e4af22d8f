namespace MetaRL.Tracking;

/// <summary>Drops <c>metrics.jsonl</c> lines logged after a checkpoint, so a resumed run does not repeat them.</summary>
public static class MetricsTruncation
{
    /// <summary>Keeps only the lines whose step is below <paramref name="step"/> (lines without a readable step go too).</summary>
    public static void KeepBefore(string path, long step)
    {
        if (!File.Exists(path)) { return; }
        var kept = File.ReadLines(path).Where(line => StepOf(line) is { } s && s < step).ToArray();
        AtomicFile.WriteText(path, kept.Length == 0 ? "" : string.Join('\n', kept) + "\n");
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
