using static MetaRL.Tracking.Plots.NumberFormat;

namespace MetaRL.Tracking.Reports;

/// <summary>
/// The report as Markdown with tables only (no images): summary, the final value of each learning curve,
/// adaptation before/after, the configuration values that differ, and the runs.
/// </summary>
public static class MarkdownReport
{
    public static string Render(ReportModel m)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(m.Title)).Append("\n\n");
        md.Append(m.Runs.Count.ToString(CultureInfo.InvariantCulture)).Append(" runs in ")
          .Append(m.Groups.Count.ToString(CultureInfo.InvariantCulture)).Append(" configurations");
        if (m.GeneratedAt is { } t) { md.Append(" · generated ").Append(t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)); }
        md.Append(".\n\n## Summary\n\n");
        Table(md, ["Configuration", "Runs", "Status", "Steps", "Final return (mean ± sd)", "Final return range", "Wall time", "Steps/s"],
            m.Summaries.Select(s => new[]
            {
                s.Group.Label, s.Runs.ToString(CultureInfo.InvariantCulture), s.Statuses, s.Steps is { } st ? Count(st) : "–",
                s.FinalReturn is { } f ? Value(f) + (s.FinalReturnSd is { } sd ? " ± " + Value(sd) : "") : "–",
                s.FinalReturnMin is { } lo ? $"{Value(lo)} … {Value(s.FinalReturnMax!.Value)}" : "–",
                s.WallSeconds is { } w ? Duration(w) : "–", s.StepsPerSecond is { } sps ? Count(sps) : "–",
            }));
        if (m.Charts.Count > 0)
        {
            md.Append("\n## Learning curves (last bin: mean across seeds, min … max)\n\n");
            var rows = new List<string[]>();
            foreach (var chart in m.Charts)
            {
                string tag = chart.Tag;
                string unit = chart.XLabel == CurveChart.MetaIterations ? "meta-iteration " : "";
                foreach (var s in chart.Series())
                {
                    int last = Enumerable.Range(0, s.Y.Count).LastOrDefault(i => double.IsFinite(s.Y[i]), -1);
                    if (last < 0) { continue; }
                    rows.Add([tag, s.Name, unit + Count(s.X[last]), Value(s.Y[last]), s.HasBand ? $"{Value(s.Lower![last])} … {Value(s.Upper![last])}" : "–"]);
                }
            }
            Table(md, ["Tag", "Configuration", "Step", "Mean", "Range"], rows);
        }
        foreach (var a in m.Adaptation)
        {
            md.Append("\n## Adaptation: ").Append(Escape(a.Group.Label)).Append("\n\n");
            var steps = HtmlReport.TableSteps(a);
            Table(md, ["Method", .. steps.Select(a.Column), "Change", "n tasks"], a.Methods.Select(method =>
            {
                var rows = steps.Select(s => a.CurveRows.FirstOrDefault(r => r.Method == method && r.Steps == s)).ToList();
                return (string[])[method, .. rows.Select(r => r is null ? "–" : $"{Value(r.Mean)} ± {Value(r.Ci95)}"), HtmlReport.Change(rows),
                    rows[^1]?.N.ToString(CultureInfo.InvariantCulture) ?? "–"];
            }));
            if (a.TrialTotals.Count > 0)
            {
                md.Append("\nTotal reward per trial, beside the classical baselines:\n\n");
                Table(md, ["Method", "Episodes", "Total per trial", "n tasks"], a.TrialTotals.Select(r => new[]
                {
                    r.Method, r.Steps.ToString(CultureInfo.InvariantCulture), $"{Value(r.Mean)} ± {Value(r.Ci95)}", r.N.ToString(CultureInfo.InvariantCulture),
                }));
            }
        }
        var differing = m.ConfigRows().Where(r => r.Differs || r.Key == "seeds").ToList();
        md.Append("\n## Configuration (keys that differ between configurations)\n\n");
        Table(md, ["Key", .. m.Groups.Select(g => g.Label)], differing.Select(r => (string[])[r.Key, .. r.Values]));
        md.Append("\n## Runs\n\n");
        Table(md, ["Run", "Algo", "Env", "Seed", "Steps", "Final return", "Wall time", "Status"], m.Runs.Select(r => new[]
        {
            r.Path, r.Algo ?? "–", r.Env ?? "–", r.Seed ?? "–", r.Summary?.TotalSteps is { } st ? Count(st) : "–",
            GroupSummary.FinalReturnOf(r) is { } f ? Value(f) : "–", r.Summary?.WallSeconds is { } w ? Duration(w) : "–",
            r.Status,
        }));
        if (m.Problems.Count > 0)
        {
            md.Append("\n## Problems reading the runs\n\n");
            foreach (var p in m.Problems) { md.Append("- ").Append(Escape(p)).Append('\n'); }
        }
        return md.ToString();
    }

    internal static void Table(StringBuilder md, IReadOnlyList<string> header, IEnumerable<string[]> rows)
    {
        md.Append("| ").AppendJoin(" | ", header.Select(Escape)).Append(" |\n");
        md.Append('|').AppendJoin("|", header.Select(_ => "---")).Append("|\n");
        foreach (var row in rows) { md.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n"); }
    }

    /// <summary>Backslash-escapes Markdown's inline syntax and the table separator; line breaks become spaces.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\r' or '\n') { sb.Append(' '); continue; }
            if (c is '\\' or '|' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#') { sb.Append('\\'); }
            sb.Append(c);
        }
        return sb.ToString();
    }
}
