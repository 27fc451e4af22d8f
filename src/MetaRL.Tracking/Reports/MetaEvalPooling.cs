namespace MetaRL.Tracking.Reports;

/// <summary>
/// Combines the meta_eval.json rows of a group's seeds per (method, kind, steps) by pooling their evaluation tasks:
/// each row's standard deviation is recovered from its 95% half-width as s = ci95·√n / 1.96, the pooled mean
/// is n-weighted, the pooled variance adds the within- and between-seed parts, and the pooled half-width is
/// 1.96·√(var/N). A single run's rows come back unchanged.
/// </summary>
public static class MetaEvalPooling
{
    // The z the rows were written with (MeanInterval), so a single seed's sd comes back exactly.
    private const double Z95 = MetaRL.Statistics.MeanInterval.Z95;

    /// <summary>Pooled rows ordered by method (first seen), kind (first seen), then steps.</summary>
    public static IReadOnlyList<MetaEvalRow> Pool(IEnumerable<MetaEvalRow> rows)
    {
        var list = rows.ToList();
        var methods = list.Select(r => r.Method).Distinct().ToList();
        var kinds = list.Select(r => r.Kind).Distinct().ToList();
        return list.GroupBy(r => (r.Method, r.Kind, r.Steps))
            .Select(g => Pool(g.ToList()))
            .OrderBy(r => methods.IndexOf(r.Method)).ThenBy(r => kinds.IndexOf(r.Kind)).ThenBy(r => r.Steps).ToList();
    }

    private static MetaEvalRow Pool(List<MetaEvalRow> rows)
    {
        if (rows.Count == 1) { return rows[0]; }
        long n = rows.Sum(r => Math.Max(1, r.N));
        double mean = rows.Sum(r => Math.Max(1, r.N) * r.Mean) / n;
        double ss = 0;
        foreach (var r in rows)
        {
            long ni = Math.Max(1, r.N);
            double s = r.Ci95 * Math.Sqrt(ni) / Z95;
            ss += (ni - 1) * s * s + ni * (r.Mean - mean) * (r.Mean - mean);
        }
        double variance = n > 1 ? ss / (n - 1) : 0;
        return rows[0] with { Mean = mean, Ci95 = Z95 * Math.Sqrt(variance / n), N = n };
    }
}
