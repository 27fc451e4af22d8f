using MetaRL.Tracking.Plots;

namespace MetaRL.Tracking.Reports;

/// <summary>A group's adaptation results: pooled rows and the step counts they cover.</summary>
public sealed record AdaptationResult(RunGroup Group, IReadOnlyList<MetaEvalRow> Rows)
{
    public IReadOnlyList<long> Steps => Rows.Select(r => r.Steps).Distinct().Order().ToList();

    public IReadOnlyList<string> Methods => Rows.Select(r => r.Method).Distinct().ToList();

    /// <summary>One series per method: mean return against adaptation steps with a ±ci95 band.</summary>
    public IReadOnlyList<PlotSeries> Curves() => Methods.Select(m =>
    {
        var rows = Rows.Where(r => r.Method == m).OrderBy(r => r.Steps).ToList();
        return new PlotSeries(m, rows.Select(r => (double)r.Steps).ToList(), rows.Select(r => r.Mean).ToList(),
            rows.Select(r => r.Mean - r.Ci95).ToList(), rows.Select(r => r.Mean + r.Ci95).ToList());
    }).ToList();
}

/// <summary>What a report shows, computed once for both the HTML and the Markdown form.</summary>
public sealed record ReportModel(
    string Title,
    DateTimeOffset? GeneratedAt,
    IReadOnlyList<RunDirectory> Runs,
    IReadOnlyList<RunGroup> Groups,
    IReadOnlyList<GroupSummary> Summaries,
    IReadOnlyList<string> Tags,
    IReadOnlyList<AdaptationResult> Adaptation,
    IReadOnlyList<string> Problems)
{
    /// <summary>Groups the runs and computes summaries; curves are computed when drawn.</summary>
    public static ReportModel Build(IReadOnlyList<RunDirectory> runs, string title = "MetaRL report", DateTimeOffset? generatedAt = null)
    {
        var groups = RunGroup.Group(runs);
        var tags = CurveAggregator.OrderTags(runs.SelectMany(r => r.Scalars.Series.Keys));
        var adaptation = groups
            .Where(g => g.Runs.Any(r => r.MetaEval is { Count: > 0 }))
            .Select(g => new AdaptationResult(g, MetaEvalPooling.Pool(g.Runs.SelectMany(r => r.MetaEval ?? []))))
            .ToList();
        var problems = runs.SelectMany(r => r.Scalars.Problems).ToList();
        return new ReportModel(title, generatedAt, runs, groups, groups.Select(GroupSummary.Of).ToList(), tags, adaptation, problems);
    }

    /// <summary>Config rows for the side-by-side table: key, one value per group ("" where missing), and whether they differ.</summary>
    public IReadOnlyList<(string Key, IReadOnlyList<string> Values, bool Differs)> ConfigRows()
    {
        var maps = Groups.Select(g => g.Config.GroupBy(kv => kv.Key).ToDictionary(x => x.Key, x => x.Last().Value, StringComparer.Ordinal)).ToList();
        var differing = new HashSet<string>(RunGroup.DifferingKeys(Groups.Select(g => g.Config).ToList()), StringComparer.Ordinal);
        var rows = Groups.SelectMany(g => g.Config.Select(kv => kv.Key)).Distinct()
            .Select(k => (k, (IReadOnlyList<string>)maps.Select(m => m.GetValueOrDefault(k, "")).ToList(), differing.Contains(k)))
            .ToList();
        rows.Insert(0, ("seeds", Groups.Select(g => string.Join(", ", g.Seeds)).ToList(), false));
        return rows;
    }
}
