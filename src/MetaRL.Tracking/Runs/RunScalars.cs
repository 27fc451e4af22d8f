using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tracking;

/// <summary>
/// A run's scalars by tag, read from its TensorBoard event files (all of them, in name order) or, when it has
/// none, from <c>metrics.jsonl</c>. <see cref="Problems"/> lists corrupted or truncated records met on the way.
/// </summary>
public sealed record RunScalars(string Source, IReadOnlyDictionary<string, List<ScalarPoint>> Series, IReadOnlyList<string> Problems)
{
    /// <summary>True when the values came from event files, which store float32 (so print them as floats).</summary>
    public bool Float32 { get; init; }

    /// <summary>The event files of a run directory, oldest first.</summary>
    public static string[] EventFiles(string runDir) =>
        Directory.Exists(runDir)
            ? [.. Directory.GetFiles(runDir, "events.out.tfevents.*").Order(StringComparer.Ordinal)]
            : [];

    /// <summary>Loads the scalars of <paramref name="runDir"/>; empty when it has neither source.</summary>
    public static RunScalars Load(string runDir)
    {
        var files = EventFiles(runDir);
        if (files.Length > 0)
        {
            var series = new Dictionary<string, List<ScalarPoint>>(StringComparer.Ordinal);
            var problems = new List<string>();
            foreach (var file in files)
            {
                var contents = EventFileReader.Read(file);
                foreach (var p in contents.Problems) { problems.Add($"{file}: {p}"); }
                foreach (var e in contents.Events)
                {
                    foreach (var s in e.Scalars)
                    {
                        if (!series.TryGetValue(s.Tag, out var list)) { series[s.Tag] = list = []; }
                        list.Add(new ScalarPoint(e.Step, s.Value, e.WallTime));
                    }
                }
            }
            return new RunScalars(string.Join(", ", files.Select(Path.GetFileName)), series, problems) { Float32 = true };
        }
        string jsonl = Path.Combine(runDir, JsonlScalarSink.FileName);
        if (File.Exists(jsonl))
        {
            var (series, problems) = MetricsJsonlReader.Read(jsonl);
            return new RunScalars(JsonlScalarSink.FileName, series, problems);
        }
        return new RunScalars("", new Dictionary<string, List<ScalarPoint>>(), []);
    }
}
