using MetaRL.Tracking.Plots;

namespace MetaRL.Tracking.Reports;

/// <summary>
/// A group's adaptation results: pooled rows, drawn and tabulated either as the return after k adaptation steps
/// (gradient learners), for learners that adapt within a trial (RL²) as the return of each episode of the trial, or for
/// decision models acting online on bandits as the cumulative regret after each step, with the trial totals beside the
/// classical baselines.
/// </summary>
public sealed record AdaptationResult(RunGroup Group, IReadOnlyList<MetaEvalRow> Rows)
{
    /// <summary>True when the rows are per trial episode (RL²) rather than per adaptation step.</summary>
    public bool WithinTrial => Rows.Any(r => r.Kind != MetaEvalRow.AfterSteps);

    /// <summary>True when the rows hold cumulative-regret curves (a decision model acting online on bandits).</summary>
    public bool Regret => Rows.Any(r => r.Kind == MetaEvalRow.RegretStep);

    /// <summary>The rows the chart and the before/after table show.</summary>
    public IReadOnlyList<MetaEvalRow> CurveRows =>
        [.. Rows.Where(r => r.Kind == (Regret ? MetaEvalRow.RegretStep : WithinTrial ? MetaEvalRow.EpisodeReturn : MetaEvalRow.AfterSteps))];

    /// <summary>Within a trial: each method's total reward over the whole trial (its largest k), baselines included.</summary>
    public IReadOnlyList<MetaEvalRow> TrialTotals =>
        [.. Rows.Where(r => r.Kind == MetaEvalRow.TrialTotal).GroupBy(r => r.Method).Select(g => g.MaxBy(r => r.Steps)!)];

    public IReadOnlyList<long> Steps => CurveRows.Select(r => r.Steps).Distinct().Order().ToList();

    public IReadOnlyList<string> Methods => CurveRows.Select(r => r.Method).Distinct().ToList();

    public string XLabel => Regret ? "step of the episode" : WithinTrial ? "episode of the trial" : "adaptation steps";

    public string YLabel => Regret ? "cumulative regret" : WithinTrial ? "episode return" : "mean return";

    /// <summary>A table column's heading for step (or episode) <paramref name="s"/>.</summary>
    public string Column(long s) => Regret ? $"regret after {s} step{(s == 1 ? "" : "s")}" : WithinTrial ? $"episode {s}" : $"{s} step{(s == 1 ? "" : "s")}";

    /// <summary>One series per method: mean return against adaptation steps (or trial episodes) with a ±ci95 band.</summary>
    public IReadOnlyList<PlotSeries> Curves() => Methods.Select(m =>
    {
        var rows = CurveRows.Where(r => r.Method == m).OrderBy(r => r.Steps).ToList();
        return new PlotSeries(m, rows.Select(r => (double)r.Steps).ToList(), rows.Select(r => r.Mean).ToList(),
            rows.Select(r => r.Mean - r.Ci95).ToList(), rows.Select(r => r.Mean + r.Ci95).ToList());
    }).ToList();
}

/// <summary>
/// One learning-curve chart: a tag for the groups of one environment (scales differ between environments) that
/// count their steps alike (<see cref="XLabel"/>: environment steps, or meta-iterations for meta-training runs).
/// </summary>
public sealed record CurveChart(string Tag, string? Env, IReadOnlyList<RunGroup> Groups, string XLabel = CurveChart.EnvironmentSteps)
{
    public const string EnvironmentSteps = "environment steps";

    public const string MetaIterations = "meta-iterations";

    public string Title => Env is null ? Tag : $"{Tag} · {Env}";

    /// <summary>What a run's metric steps count: meta-training runs (those with <c>meta/</c> tags) log per meta-iteration.</summary>
    public static string AxisOf(RunDirectory run) =>
        run.Scalars.Series.Keys.Any(k => k.StartsWith("meta/", StringComparison.Ordinal)) ? MetaIterations : EnvironmentSteps;

    /// <summary>The curves, named by what sets each configuration apart in this chart (see <see cref="LegendNames"/>).</summary>
    public IReadOnlyList<PlotSeries> Series()
    {
        var curves = CurveAggregator.Curves(Groups, Tag);
        var names = LegendNames(curves.Select(c => c.Name).ToList());
        return curves.Select((c, i) => c with { Name = names[i] }).ToList();
    }

    /// <summary>
    /// Labels ("algo · env · key=value") without the parts every label shares, so a legend shows what differs,
    /// always led by the algorithm.
    /// </summary>
    public static IReadOnlyList<string> LegendNames(IReadOnlyList<string> labels)
    {
        var parts = labels.Select(l => l.Split(" · ")).ToList();
        var common = parts.Count == 0 ? [] : parts.Skip(1).Aggregate((IEnumerable<string>)parts[0], (acc, p) => acc.Intersect(p)).ToHashSet();
        return parts.Select(p => string.Join(" · ", p.Where((x, i) => i == 0 || !common.Contains(x)))).ToList();
    }
}

/// <summary>What a report shows, computed once for both the HTML and the Markdown form.</summary>
public sealed record ReportModel(
    string Title,
    DateTimeOffset? GeneratedAt,
    IReadOnlyList<RunDirectory> Runs,
    IReadOnlyList<RunGroup> Groups,
    IReadOnlyList<GroupSummary> Summaries,
    IReadOnlyList<string> Tags,
    IReadOnlyList<CurveChart> Charts,
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
            .Select(g => new AdaptationResult(g, MetaEvalPooling.Pool(g.Runs.SelectMany(r => r.MetaEval ?? [])
                .Select(r => r.Family is null ? r : r with { Method = r.Family + " " + r.Method })))) // a generalist's families apart
            .ToList();
        var problems = runs.SelectMany(r => r.Scalars.Problems).ToList();
        var envs = groups.Select(g => g.Env).Distinct().ToList();
        var axes = groups.ToDictionary(g => g, g => CurveChart.AxisOf(g.Runs[0]));
        var charts = (from tag in tags
                      from env in envs
                      from axis in new[] { CurveChart.EnvironmentSteps, CurveChart.MetaIterations }
                      let members = groups.Where(g => g.Env == env && axes[g] == axis && g.Runs.Any(r => r.Scalars.Series.ContainsKey(tag))).ToList()
                      where members.Count > 0
                      select new CurveChart(tag, envs.Count > 1 ? env : null, members, axis)).ToList();
        return new ReportModel(title, generatedAt, runs, groups, groups.Select(GroupSummary.Of).ToList(), tags, charts, adaptation, problems);
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
