namespace MetaRL.Cli.Commands;

/// <summary>The table of a family's own metrics (RecSlate-v0's <see cref="RecSlateMetrics"/>, Nav2DObstacles-v0's <see cref="NavMetrics"/>) under a results table, one
/// line per method, mean ± 95% half-width; printed by <c>metarl baselines</c> and <c>metarl meta-eval</c>.</summary>
internal static class FamilyMetricsTable
{
    public static void Write(TextWriter o, IReadOnlyList<(string Method, IReadOnlyDictionary<string, (double Mean, double Ci95)> Metrics)> rows)
    {
        bool navigation = rows.Any(r => r.Metrics.ContainsKey("success"));
        var names = (navigation ? NavMetrics.Names : RecSlateMetrics.Names).Where(n => rows.Any(r => r.Metrics.ContainsKey(n))).ToArray();
        if (names.Length == 0) { return; }
        o.WriteLine();
        o.WriteLine(navigation ? NavMetrics.Legend : "per user (mean ± 95% CI): ctr = clicks per slate, watch_time and session_length per session, coverage = distinct shown / distinct offered, diversity = different-topic pairs per slate, regret = oracle's watch_time − method's");
        var table = rows.Select(r => (string[])[r.Method, .. names.Select(n =>
            r.Metrics.TryGetValue(n, out var m) ? string.Create(CultureInfo.InvariantCulture, $"{m.Mean:F3} ± {m.Ci95:F3}") : "")]).ToList();
        TextTable.Write(o, ["method", .. names], table, new HashSet<int>(Enumerable.Range(1, names.Length)));
    }
}
