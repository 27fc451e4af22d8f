using System.Xml.Linq;
using MetaRL.Serialization;
using MetaRL.Tracking.Plots;
using static MetaRL.Tracking.Reports.Xhtml;

namespace MetaRL.Tracking.Reports;

/// <summary>A table of an <see cref="ApplicationReport"/>: a header and rows of cell texts, with an optional note under it.</summary>
public sealed record ReportTable(IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows, string? Note = null);

/// <summary>A chart of an <see cref="ApplicationReport"/> (drawn as inline SVG in the HTML; its series listed in the Markdown).</summary>
public sealed record ReportChart(ChartSpec Spec, IReadOnlyList<PlotSeries> Series);

/// <summary>A section of an <see cref="ApplicationReport"/>: a heading, paragraphs, tables and charts, in that order.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<ReportTable> Tables, IReadOnlyList<ReportChart> Charts);

/// <summary>
/// The report of an application journey (<c>metarl app …</c>): a title, a lead paragraph and sections of text,
/// tables and charts, written as one self-contained XHTML page (inline SVG plots, no scripts) and as Markdown
/// (tables; each chart's final values as a table).
/// </summary>
public sealed record ApplicationReport(string Title, string Lead, IReadOnlyList<ReportSection> Sections)
{
    /// <summary>The HTML page.</summary>
    public string Html()
    {
        var body = E("body", E("h1", Title), E("p", A("class", "meta"), Lead));
        foreach (var s in Sections)
        {
            body.Add(E("h2", s.Heading));
            foreach (var p in s.Paragraphs) { body.Add(E("p", p)); }
            foreach (var t in s.Tables)
            {
                body.Add(Table(t.Header, t.Rows.Select(r => Row("td", r.Select((c, i) => (object?)(i == 0 ? E("td", c) : E("td", A("class", "num"), c)))))));
                if (t.Note is not null) { body.Add(E("p", A("class", "note"), t.Note)); }
            }
            if (s.Charts.Count > 0) { body.Add(E("div", A("class", "plots"), s.Charts.Select(c => HtmlReport.Figure(LineChart.Render(c.Spec, c.Series))))); }
        }
        return Serialize(E("html", A("lang", "en"),
            E("head", E("meta", A("charset", "utf-8")), E("title", Title), E("style", HtmlReport.Css)), body));
    }

    /// <summary>The Markdown page.</summary>
    public string Markdown()
    {
        var md = new StringBuilder();
        md.Append("# ").Append(MarkdownReport.Escape(Title)).Append("\n\n").Append(MarkdownReport.Escape(Lead)).Append("\n\n");
        foreach (var s in Sections)
        {
            md.Append("## ").Append(MarkdownReport.Escape(s.Heading)).Append("\n\n");
            foreach (var p in s.Paragraphs) { md.Append(MarkdownReport.Escape(p)).Append("\n\n"); }
            foreach (var t in s.Tables)
            {
                MarkdownReport.Table(md, t.Header, t.Rows);
                md.Append('\n');
                if (t.Note is not null) { md.Append(MarkdownReport.Escape(t.Note)).Append("\n\n"); }
            }
            foreach (var c in s.Charts)
            {
                md.Append("Chart: ").Append(MarkdownReport.Escape(c.Spec.Title)).Append(" (last point of each series)\n\n");
                MarkdownReport.Table(md, ["series", c.Spec.XLabel, c.Spec.YLabel],
                    c.Series.Where(p => p.X.Count > 0).Select(p => new[] { p.Name, NumberFormat.Value(p.X[^1]), NumberFormat.Value(p.Y[^1]) }));
                md.Append('\n');
            }
        }
        return md.ToString();
    }

    /// <summary>Writes <c>report.html</c> and <c>report.md</c> into <paramref name="directory"/> (each atomically).</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteText(Path.Combine(directory, "report.html"), Html());
        AtomicFile.WriteText(Path.Combine(directory, "report.md"), Markdown());
    }
}
