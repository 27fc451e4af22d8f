using System.Globalization;
using System.Text;

namespace MetaRL.Tracking;

/// <summary>
/// Writes scalars to <c>metrics.jsonl</c>: one JSON object per line, <c>{"tag":…,"step":…,"value":…,"wall_s":…}</c>,
/// numbers in round-trip form (non-finite values as the strings "NaN", "Infinity", "-Infinity", which
/// strict JSON cannot hold as numbers). Appends, so a resumed run continues the same file.
/// </summary>
public sealed class MetricsJsonlWriter : IScalarSink
{
    private readonly StreamWriter _writer;

    public MetricsJsonlWriter(string path)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = false };
    }

    /// <inheritdoc />
    public void Add(string tag, long step, double value, double wallSeconds)
    {
        _writer.Write("{\"tag\":\"");
        _writer.Write(Escape(tag));
        _writer.Write("\",\"step\":");
        _writer.Write(step.ToString(CultureInfo.InvariantCulture));
        _writer.Write(",\"value\":");
        _writer.Write(Number(value));
        _writer.Write(",\"wall_s\":");
        _writer.Write(Number(Math.Round(wallSeconds, 6)));
        _writer.Write("}\n");
    }

    /// <inheritdoc />
    public void Flush() => _writer.Flush();

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static string Number(double v) =>
        double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "\"" + v.ToString(CultureInfo.InvariantCulture) + "\"";

    private static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                default:
                    if (c < 0x20) { sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); } else { sb.Append(c); }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Keeps only the lines whose step is at most <paramref name="maxStep"/> (used when resuming from a checkpoint).</summary>
    public static void TruncateAfter(string path, long maxStep)
    {
        if (!File.Exists(path)) { return; }
        var kept = File.ReadLines(path).Where(line => StepOf(line) is { } s && s <= maxStep).ToArray();
        string temp = path + ".tmp";
        File.WriteAllText(temp, kept.Length == 0 ? "" : string.Join('\n', kept) + "\n", new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }

    private static long? StepOf(string line)
    {
        int at = line.IndexOf("\"step\":", StringComparison.Ordinal);
        if (at < 0) { return null; }
        at += 7;
        int end = at;
        while (end < line.Length && (char.IsAsciiDigit(line[end]) || line[end] == '-')) { end++; }
        return long.TryParse(line.AsSpan(at, end - at), NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) ? s : null;
    }
}
