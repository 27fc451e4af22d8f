using System.Xml.Linq;
using MetaRL.Tracking.Plots;
using static MetaRL.Tracking.Plots.NumberFormat;
using static MetaRL.Tracking.Reports.Xhtml;

namespace MetaRL.Tracking.Reports;

/// <summary>
/// The report as one self-contained XHTML page: no scripts, fonts or images fetched; every plot inline SVG.
/// Sections: summary, learning curves, adaptation (meta-learning runs), configuration side by side, runs.
/// </summary>
public static class HtmlReport
{
    internal const string Css = """
        body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1240px; padding: 0 16px; }
        h1 { font-size: 26px; margin-bottom: 4px; }
        h2 { font-size: 20px; border-bottom: 2px solid #ddd; padding-bottom: 4px; margin-top: 32px; }
        h3 { font-size: 16px; margin-bottom: 6px; }
        p.meta, p.note { color: #555; font-size: 13px; }
        table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
        th, td { border: 1px solid #d0d0d0; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #f2f4f7; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.diff td { background: #fff3bf; }
        tr.diff td.key { font-weight: bold; }
        .plots { display: flex; flex-wrap: wrap; gap: 12px; }
        .figure { border: 1px solid #e3e3e3; border-radius: 4px; }
        .status-completed { color: #1a7f37; }
        .status-failed { color: #cf222e; font-weight: bold; }
        .status-interrupted, .status-running { color: #9a6700; }
        .status-dead, .status-diverged { color: #cf222e; }
        code { font-size: 12px; }
        """;

    /// <summary>The page as a string (XHTML; parses as XML and as HTML).</summary>
    public static string Render(ReportModel model) => Serialize(Build(model));

    /// <summary>The page's element tree.</summary>
    public static XElement Build(ReportModel model)
    {
        var body = E("body",
            E("h1", model.Title),
            E("p", A("class", "meta"), Meta(model)));
        body.Add(E("h2", A("id", "summary"), "Summary"), SummaryTable(model));
        if (model.Charts.Count > 0)
        {
            body.Add(E("h2", A("id", "curves"), "Learning curves"),
                E("p", A("class", "note"), "Line: mean across the seeds of each configuration; shaded band: minimum to maximum across seeds. Values are averaged in up to "
                    + CurveAggregator.MaxBins.ToString(CultureInfo.InvariantCulture) + " step bins."),
                E("div", A("class", "plots"), model.Charts.Select(c => Figure(LineChart.Render(new ChartSpec(c.Title, c.XLabel, c.Tag), c.Series())))));
        }
        if (model.Adaptation.Count > 0)
        {
            body.Add(E("h2", A("id", "adaptation"), "Adaptation"),
                E("p", A("class", "note"), "Mean return after k adaptation steps on held-out tasks (or, for learners that adapt within a trial, the return of each episode of the trial), with 95% confidence intervals (shaded band, ± in the table); seeds pooled over their evaluation tasks."));
            foreach (var a in model.Adaptation)
            {
                var tables = E("div", BeforeAfterTable(a));
                if (a.TrialTotals.Count > 0)
                {
                    tables.Add(E("p", A("class", "note"), "Total reward per trial, beside the classical baselines:"), TrialTotalsTable(a));
                }
                body.Add(E("h3", a.Group.Label),
                    E("div", A("class", "plots"),
                        Figure(LineChart.Render(new ChartSpec("Adaptation: " + a.Group.Label, a.XLabel, a.YLabel, IntegerX: true), a.Curves())),
                        tables));
            }
        }
        body.Add(E("h2", A("id", "config"), "Configuration"),
            E("p", A("class", "note"), "One column per configuration (its seeds grouped); highlighted rows differ between configurations."),
            ConfigTable(model));
        body.Add(E("h2", A("id", "runs"), "Runs"), RunsTable(model));
        if (model.Problems.Count > 0)
        {
            body.Add(E("h2", A("id", "problems"), "Problems reading the runs"), E("ul", model.Problems.Select(p => E("li", E("code", p)))));
        }
        return E("html", A("lang", "en"),
            E("head", E("meta", A("charset", "utf-8")), E("meta", A("name", "viewport"), A("content", "width=device-width, initial-scale=1")),
                E("title", model.Title), E("style", Css)),
            body);
    }

    private static string Meta(ReportModel m)
    {
        string s = $"{m.Runs.Count} run{(m.Runs.Count == 1 ? "" : "s")} in {m.Groups.Count} configuration{(m.Groups.Count == 1 ? "" : "s")}";
        return m.GeneratedAt is { } t ? s + " · generated " + t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : s;
    }

    internal static XElement Figure(XElement svg) => E("div", A("class", "figure"), svg);

    private static XElement Num(string text) => E("td", A("class", "num"), text);

    private static XElement SummaryTable(ReportModel m) => Table(
        ["Configuration", "Runs", "Status", "Steps", "Final return (mean ± sd)", "Final return range", "Wall time", "Steps/s", "Episodes"],
        m.Summaries.Select(s => Row("td", [
            s.Group.Label, Num(s.Runs.ToString(CultureInfo.InvariantCulture)), s.Statuses,
            Num(s.Steps is { } st ? Count(st) : "–"),
            Num(s.FinalReturn is { } f ? Value(f) + (s.FinalReturnSd is { } sd ? " ± " + Value(sd) : "") : "–"),
            Num(s.FinalReturnMin is { } lo ? $"{Value(lo)} … {Value(s.FinalReturnMax!.Value)}" : "–"),
            Num(s.WallSeconds is { } w ? Duration(w) : "–"), Num(s.StepsPerSecond is { } sps ? Count(sps) : "–"),
            Num(s.Episodes is { } e ? Count(e) : "–")])));

    /// <summary>Columns: every step count when there are at most six, else the first and last; then the change and n.</summary>
    internal static IReadOnlyList<long> TableSteps(AdaptationResult a) =>
        a.Steps.Count <= 6 ? a.Steps : [a.Steps[0], a.Steps[^1]];

    /// <summary>The last column's mean minus the first's, signed; "–" with one column (nothing to compare) or a gap.</summary>
    internal static string Change(IReadOnlyList<MetaEvalRow?> rows) =>
        rows.Count > 1 && rows[0] is { } b && rows[^1] is { } f ? (f.Mean - b.Mean >= 0 ? "+" : "") + Value(f.Mean - b.Mean) : "–";

    private static XElement BeforeAfterTable(AdaptationResult a)
    {
        var steps = TableSteps(a);
        var header = new List<string> { "Method" };
        header.AddRange(steps.Select((s, i) => a.Column(s) + (steps.Count == 1 ? "" : i == 0 ? " (before)" : i == steps.Count - 1 ? " (after)" : "")));
        header.AddRange(["Change (after − before)", "n tasks"]);
        return Table(header, a.Methods.Select(m =>
        {
            var rows = steps.Select(s => a.CurveRows.FirstOrDefault(r => r.Method == m && r.Steps == s)).ToList();
            var cells = new List<object?> { m };
            cells.AddRange(rows.Select(r => Num(r is null ? "–" : $"{Value(r.Mean)} ± {Value(r.Ci95)}")));
            cells.Add(Num(Change(rows)));
            cells.Add(Num(rows[^1]?.N.ToString(CultureInfo.InvariantCulture) ?? "–"));
            return Row("td", cells);
        }), "before-after");
    }

    private static XElement TrialTotalsTable(AdaptationResult a) => Table(
        ["Method", "Episodes", "Total per trial", "n tasks"],
        a.TrialTotals.Select(r => Row("td", [r.Method, Num(r.Steps.ToString(CultureInfo.InvariantCulture)),
            Num($"{Value(r.Mean)} ± {Value(r.Ci95)}"), Num(r.N.ToString(CultureInfo.InvariantCulture))])), "trial-totals");

    private static XElement ConfigTable(ReportModel m) => Table(
        ["Key", .. m.Groups.Select(g => g.Label)],
        m.ConfigRows().Select(r => Row("td", [E("td", A("class", "key"), r.Key), .. r.Values], r.Differs ? "diff" : null)),
        "config");

    private static XElement RunsTable(ReportModel m) => Table(
        ["Run", "Configuration", "Algo", "Env", "Seed", "Steps", "Final return", "Wall time", "Status"],
        m.Groups.SelectMany(g => g.Runs.Select(r => (g, r))).Select(x => Row("td", [
            E("code", x.r.Path), x.g.Label, x.r.Algo ?? "–", x.r.Env ?? "–", Num(x.r.Seed ?? "–"),
            Num(x.r.Summary?.TotalSteps is { } st ? Count(st) : "–"),
            Num(GroupSummary.FinalReturnOf(x.r) is { } f ? Value(f) : "–"),
            Num(x.r.Summary?.WallSeconds is { } w ? Duration(w) : "–"),
            E("td", A("class", "status-" + x.r.Status.TrimEnd('?')), x.r.Status)])));
}
