using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>
/// One row of <c>meta_eval.json</c> (<c>{"rows":[{"method","steps","mean","ci95","n"[,"kind"]}]}</c>): the mean of
/// <see cref="Method"/>'s returns over <see cref="N"/> evaluation tasks with the half-width of its 95% confidence
/// interval, at <see cref="Steps"/> as <see cref="Kind"/> reads it: the return after that many adaptation steps
/// (<see cref="AfterSteps"/>, gradient learners; the key is left out of the file), the total reward over a trial's first
/// that many episodes (<see cref="TrialTotal"/>, RL²'s and the decision models' table), the return of the trial's
/// episode of that number (<see cref="EpisodeReturn"/>, RL²'s adaptation within a trial) or the cumulative regret after
/// that many steps (<see cref="RegretStep"/>, a decision model's online curve on bandits beside the classical strategies').
/// </summary>
public sealed record MetaEvalRow(string Method, long Steps, double Mean, double Ci95, long N, string Kind = MetaEvalRow.AfterSteps)
{
    /// <summary>The task family of a generalist run's row (one model evaluated on several families; the key
    /// <c>"family"</c>, left out of the file otherwise), or null.</summary>
    public string? Family { get; init; }

    /// <summary>A family's own metrics for this row, by name (RecSlate-v0's ctr, watch_time, session_length, coverage,
    /// diversity and regret, on its classical baselines' rows; the key <c>"metrics"</c>, left out of the file otherwise), or null.</summary>
    public IReadOnlyDictionary<string, MetricSummary>? Metrics { get; init; }

    /// <summary><see cref="Kind"/>: the return after <see cref="Steps"/> adaptation steps.</summary>
    public const string AfterSteps = "steps";

    /// <summary><see cref="Kind"/>: the total reward over the trial's first <see cref="Steps"/> episodes.</summary>
    public const string TrialTotal = "trial_total";

    /// <summary><see cref="Kind"/>: the return of the trial's episode number <see cref="Steps"/> (from 1).</summary>
    public const string EpisodeReturn = "episode";

    /// <summary><see cref="Kind"/>: the cumulative regret after <see cref="Steps"/> steps (pulls) of one episode: the sum
    /// over those steps of the best arm's mean minus the chosen arm's.</summary>
    public const string RegretStep = "regret_step";

    /// <summary>True for the kinds a results table shows (<see cref="AfterSteps"/> and <see cref="TrialTotal"/>); the others
    /// are curves for reports and <c>--json</c>.</summary>
    public bool IsTableRow => Kind is AfterSteps or TrialTotal;

    /// <summary>The file name inside a run directory.</summary>
    public const string FileName = "meta_eval.json";

    /// <summary>The rows as one line of JSON, figures rounded to 6 decimals and non-finite ones null (what
    /// <c>meta-eval --json</c> prints and <see cref="Save"/> writes).</summary>
    public static string ToJson(IEnumerable<MetaEvalRow> rows) =>
        JsonSerializer.Serialize(new
        {
            rows = rows.Select(r => r.Metrics is not null ? WithMetrics(r)
                : r.Family is not null
                ? new { family = r.Family, method = r.Method, steps = r.Steps, mean = Finite(r.Mean), ci95 = Finite(r.Ci95), n = r.N, kind = r.Kind }
                : r.Kind == AfterSteps
                ? (object)new { method = r.Method, steps = r.Steps, mean = Finite(r.Mean), ci95 = Finite(r.Ci95), n = r.N }
                : new { method = r.Method, steps = r.Steps, mean = Finite(r.Mean), ci95 = Finite(r.Ci95), n = r.N, kind = r.Kind }),
        });

    /// <summary>A row with its metrics: the keys of the other shapes in their order, then <c>"metrics"</c>.</summary>
    private static Dictionary<string, object?> WithMetrics(MetaEvalRow r)
    {
        var row = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (r.Family is not null) { row["family"] = r.Family; }
        row["method"] = r.Method;
        row["steps"] = r.Steps;
        row["mean"] = Finite(r.Mean);
        row["ci95"] = Finite(r.Ci95);
        row["n"] = r.N;
        if (r.Family is not null || r.Kind != AfterSteps) { row["kind"] = r.Kind; }
        row["metrics"] = r.Metrics!.ToDictionary(kv => kv.Key, kv => (object)new { mean = Finite(kv.Value.Mean), ci95 = Finite(kv.Value.Ci95), n = kv.Value.N }, StringComparer.Ordinal);
        return row;
    }

    /// <summary>Writes the rows to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IEnumerable<MetaEvalRow> rows) => AtomicFile.WriteText(path, ToJson(rows) + "\n");

    private static Dictionary<string, MetricSummary>? LoadMetrics(JsonElement row, string where)
    {
        if (!row.TryGetProperty("metrics", out var metrics)) { return null; }
        if (metrics.ValueKind != JsonValueKind.Object) { throw new RunFormatException($"{where}: \"metrics\" must be an object"); }
        var result = new Dictionary<string, MetricSummary>(StringComparer.Ordinal);
        foreach (var m in metrics.EnumerateObject())
        {
            string at = $"{where} metric '{m.Name}'";
            if (m.Value.ValueKind != JsonValueKind.Object) { throw new RunFormatException($"{at}: expected {{\"mean\", \"ci95\", \"n\"}}"); }
            result[m.Name] = new MetricSummary(Json.Double(m.Value, "mean", at) ?? double.NaN, Json.Double(m.Value, "ci95", at) ?? double.NaN, Json.Long(m.Value, "n", at) ?? 0);
        }
        return result;
    }

    private static readonly string[] Kinds = [AfterSteps, TrialTotal, EpisodeReturn, RegretStep];

    private static double? Finite(double v) => double.IsFinite(v) ? Math.Round(v, 6) : null;

    /// <summary>Reads the rows; throws <see cref="RunFormatException"/> naming the file when malformed.</summary>
    public static IReadOnlyList<MetaEvalRow> Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                throw new RunFormatException($"{path}: expected {{\"rows\": [...]}}");
            }
            var list = new List<MetaEvalRow>();
            int i = 0;
            foreach (var row in rows.EnumerateArray())
            {
                string where = $"{path} row {i++}";
                if (row.ValueKind != JsonValueKind.Object) { throw new RunFormatException($"{where}: expected an object"); }
                list.Add(new MetaEvalRow(
                    Json.String(row, "method", where) ?? throw new RunFormatException($"{where}: \"method\" is missing"),
                    Json.Long(row, "steps", where) ?? throw new RunFormatException($"{where}: \"steps\" is missing"),
                    Json.Double(row, "mean", where) ?? (row.TryGetProperty("mean", out _) ? double.NaN : throw new RunFormatException($"{where}: \"mean\" is missing")),
                    Json.Double(row, "ci95", where) ?? (row.TryGetProperty("ci95", out _) ? double.NaN : 0),
                    Json.Long(row, "n", where) ?? 1,
                    Json.String(row, "kind", where) is { } kind ? Kinds.Contains(kind) ? kind : throw new RunFormatException($"{where}: \"kind\" must be one of {string.Join(", ", Kinds)}, got '{kind}'") : AfterSteps)
                {
                    Family = Json.String(row, "family", where),
                    Metrics = LoadMetrics(row, where),
                });
            }
            return list;
        }
        catch (JsonException ex)
        {
            throw new RunFormatException($"{path}: malformed JSON ({ex.Message})", ex);
        }
    }
}
