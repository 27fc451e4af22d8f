namespace MetaRL.Tracking.Reports;

/// <summary>
/// The summary figures of one group across its seeds: final return mean, standard deviation and range, and
/// means of steps, wall time, throughput and episodes; statuses counted.
/// </summary>
public sealed record GroupSummary(RunGroup Group, int Runs, string Statuses, double? Steps, double? FinalReturn, double? FinalReturnSd,
    double? FinalReturnMin, double? FinalReturnMax, double? WallSeconds, double? StepsPerSecond, double? Episodes)
{
    /// <summary>How many of the last episode/return points stand in for a missing final_return_mean.</summary>
    public const int FallbackEpisodes = 10;

    public static GroupSummary Of(RunGroup group)
    {
        var finals = group.Runs.Select(FinalReturnOf).Where(v => v.HasValue).Select(v => v!.Value).ToList();
        double? mean = finals.Count > 0 ? finals.Average() : null;
        double? sd = finals.Count > 1 ? Math.Sqrt(finals.Sum(v => (v - mean!.Value) * (v - mean.Value)) / (finals.Count - 1)) : null;
        string statuses = string.Join(", ", group.Runs.GroupBy(r => r.Status).Select(g => $"{g.Count()} {g.Key}"));
        return new GroupSummary(group, group.Runs.Count, statuses,
            Mean(group.Runs.Select(r => (double?)r.Summary?.TotalSteps)), mean, sd,
            finals.Count > 0 ? finals.Min() : null, finals.Count > 0 ? finals.Max() : null,
            Mean(group.Runs.Select(r => r.Summary?.WallSeconds)), Mean(group.Runs.Select(r => r.Summary?.StepsPerSecond)),
            Mean(group.Runs.Select(r => (double?)r.Summary?.Episodes)));
    }

    /// <summary>summary.json's final_return_mean, else the mean of the last <see cref="FallbackEpisodes"/> episode/return values.</summary>
    public static double? FinalReturnOf(RunDirectory run)
    {
        if (run.Summary?.FinalReturnMean is { } v) { return v; }
        var points = run.Scalars.Series.GetValueOrDefault("episode/return");
        if (points is not { Count: > 0 }) { return null; }
        return points.OrderBy(p => p.Step).TakeLast(FallbackEpisodes).Average(p => p.Value);
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var have = values.Where(v => v.HasValue).Select(v => v!.Value).ToList();
        return have.Count > 0 ? have.Average() : null;
    }
}
