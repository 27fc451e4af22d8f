using MetaRL.Tracking.Plots;

namespace MetaRL.Tracking.Reports;

/// <summary>
/// Turns one tag's points from each seed of a group into a learning curve: the step range of all groups is
/// cut into equal bins, each run's values are averaged per bin (empty bins inside a run's range are filled by
/// linear interpolation, none beyond it), and across runs the curve is the mean with a min–max band.
/// </summary>
public static class CurveAggregator
{
    /// <summary>Bins per curve at most.</summary>
    public const int MaxBins = 100;

    /// <summary>One series per group that logged <paramref name="tag"/>; the band only where a group has two or more runs.</summary>
    public static IReadOnlyList<PlotSeries> Curves(IReadOnlyList<RunGroup> groups, string tag)
    {
        var perGroup = groups.Select(g => (g.Label, Runs: g.Runs.Select(r => r.Scalars.Series.GetValueOrDefault(tag))
            .Where(p => p is { Count: > 0 }).Select(p => p!).ToList())).Where(g => g.Runs.Count > 0).ToList();
        var all = perGroup.SelectMany(g => g.Runs).SelectMany(p => p).ToList();
        if (all.Count == 0) { return []; }
        long lo = all.Min(p => p.Step), hi = all.Max(p => p.Step);
        int bins = (int)Math.Clamp(all.Select(p => p.Step).Distinct().Count(), 1, MaxBins);
        double width = Math.Max(1, (double)(hi - lo) / bins);
        var series = new List<PlotSeries>();
        foreach (var (label, runs) in perGroup)
        {
            var binned = runs.Select(r => Bin(r, lo, width, bins)).ToList();
            var x = new double[bins]; var mean = new double[bins]; var min = new double[bins]; var max = new double[bins];
            for (int b = 0; b < bins; b++)
            {
                var here = binned.Where(r => double.IsFinite(r.Y[b])).ToList();
                if (here.Count == 0) { x[b] = mean[b] = min[b] = max[b] = double.NaN; continue; }
                x[b] = here.Average(r => r.X[b]);
                mean[b] = here.Average(r => r.Y[b]);
                min[b] = here.Min(r => r.Y[b]);
                max[b] = here.Max(r => r.Y[b]);
            }
            series.Add(runs.Count > 1 ? new PlotSeries(label, x, mean, min, max) : new PlotSeries(label, x, mean));
        }
        return series;
    }

    /// <summary>Per-bin mean step and value of one run; NaN outside the run's range.</summary>
    internal static (double[] X, double[] Y) Bin(IReadOnlyList<ScalarPoint> points, long lo, double width, int bins)
    {
        var sumX = new double[bins]; var sumY = new double[bins]; var count = new int[bins];
        foreach (var p in points)
        {
            if (!double.IsFinite(p.Value)) { continue; }
            int b = Math.Clamp((int)((p.Step - lo) / width), 0, bins - 1);
            sumX[b] += p.Step; sumY[b] += p.Value; count[b]++;
        }
        var x = new double[bins]; var y = new double[bins];
        int prev = -1;
        for (int b = 0; b < bins; b++)
        {
            if (count[b] == 0) { x[b] = y[b] = double.NaN; continue; }
            x[b] = sumX[b] / count[b];
            y[b] = sumY[b] / count[b];
            for (int g = prev + 1; prev >= 0 && g < b; g++)
            {
                double t = (double)(g - prev) / (b - prev);
                x[g] = x[prev] + t * (x[b] - x[prev]);
                y[g] = y[prev] + t * (y[b] - y[prev]);
            }
            prev = b;
        }
        return (x, y);
    }

    /// <summary>Tags in display order: episode/return, episode/length, then the rest alphabetically.</summary>
    public static IReadOnlyList<string> OrderTags(IEnumerable<string> tags)
    {
        static int Rank(string t) => t switch { "episode/return" => 0, "episode/length" => 1, _ => 2 };
        return tags.Distinct().OrderBy(Rank).ThenBy(t => t, StringComparer.Ordinal).ToList();
    }
}
