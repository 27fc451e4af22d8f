using System.Xml.Linq;
using static MetaRL.Tracking.Plots.NumberFormat;

namespace MetaRL.Tracking.Plots;

/// <summary>
/// Draws line charts as inline SVG: nice-number axes with ticks and grid, axis labels, a title, one line per
/// series with an optional shaded band, and a legend at the right. The root carries <c>class="plot"</c> and
/// <c>data-series</c>; each line is a <c>path class="series"</c>, each band a <c>path class="band"</c>.
/// Text goes through <see cref="XElement"/>, so it is always escaped.
/// </summary>
public static class LineChart
{
    /// <summary>The SVG namespace.</summary>
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private const double CharWidth = 6.4; // average advance of 11px sans-serif text, for layout estimates
    private const int Left = 66, Top = 34, Bottom = 50, RightPad = 16;

    public static XElement Render(ChartSpec spec, IReadOnlyList<PlotSeries> series)
    {
        int longest = series.Count == 0 ? 0 : series.Max(s => s.Name.Length);
        double legendWidth = series.Count == 0 ? 0 : Math.Clamp(44 + longest * CharWidth, 90, 220);
        var legendLines = series.Select(s => Wrap(s.Name, LegendChars(legendWidth - 14))).ToList();
        // A long legend makes the figure taller rather than being cut.
        int height = Math.Max(spec.Height, Top + 12 + legendLines.Sum(l => l.Count * LegendLine + LegendGap));
        double plotW = spec.Width - Left - RightPad - legendWidth, plotH = spec.Height - Top - Bottom;
        var (xs, ys) = Bounds(series);
        var xScale = NiceScale.For(xs.Lo, xs.Hi, ticks: 6, integer: spec.IntegerX);
        var yScale = NiceScale.For(ys.Lo, ys.Hi, ticks: 6);
        double X(double v) => Left + (v - xScale.Min) / (xScale.Max - xScale.Min) * plotW;
        double Y(double v) => Top + plotH - (v - yScale.Min) / (yScale.Max - yScale.Min) * plotH;

        var svg = new XElement(Svg + "svg",
            new XAttribute("class", "plot"),
            new XAttribute("data-series", series.Count),
            new XAttribute("width", spec.Width), new XAttribute("height", height),
            new XAttribute("viewBox", $"0 0 {spec.Width} {height}"),
            new XAttribute("font-family", "Helvetica, Arial, sans-serif"),
            new XAttribute("role", "img"),
            new XElement(Svg + "title", spec.Title),
            new XElement(Svg + "rect", new XAttribute("width", spec.Width), new XAttribute("height", height), new XAttribute("fill", "#ffffff")),
            Text(spec.Width / 2.0, 20, spec.Title, 14, "middle", bold: true));

        foreach (double t in xScale.Ticks())
        {
            double px = X(t);
            svg.Add(Line(px, Top, px, Top + plotH, "#e5e5e5"), Line(px, Top + plotH, px, Top + plotH + 5, "#444444"),
                Text(px, Top + plotH + 18, Tick(t, xScale.Step, Math.Max(Math.Abs(xScale.Min), Math.Abs(xScale.Max))), 11, "middle"));
        }
        foreach (double t in yScale.Ticks())
        {
            double py = Y(t);
            svg.Add(Line(Left, py, Left + plotW, py, "#e5e5e5"), Line(Left - 5, py, Left, py, "#444444"),
                Text(Left - 8, py + 4, Tick(t, yScale.Step, Math.Max(Math.Abs(yScale.Min), Math.Abs(yScale.Max))), 11, "end"));
        }
        svg.Add(Line(Left, Top, Left, Top + plotH, "#444444"), Line(Left, Top + plotH, Left + plotW, Top + plotH, "#444444"));
        svg.Add(Text(Left + plotW / 2, spec.Height - 10, spec.XLabel, 12, "middle"));
        var yLabel = Text(0, 0, spec.YLabel, 12, "middle");
        yLabel.SetAttributeValue("transform", $"translate(16 {Coord(Top + plotH / 2)}) rotate(-90)");
        svg.Add(yLabel);

        for (int i = 0; i < series.Count; i++)
        {
            var s = series[i];
            string colour = Palette.Colour(i);
            if (s.HasBand && BandPath(s, X, Y) is { } band)
            {
                svg.Add(new XElement(Svg + "path", new XAttribute("class", "band"), new XAttribute("d", band),
                    new XAttribute("fill", colour), new XAttribute("fill-opacity", "0.18"), new XAttribute("stroke", "none")));
            }
            var line = new XElement(Svg + "path", new XAttribute("class", "series"), new XAttribute("data-name", s.Name),
                new XAttribute("d", LinePath(s, X, Y)), new XAttribute("fill", "none"), new XAttribute("stroke", colour),
                new XAttribute("stroke-width", "2"), new XAttribute("stroke-linejoin", "round"), new XAttribute("stroke-linecap", "round"));
            if (Palette.Dash(i) is { } dash) { line.Add(new XAttribute("stroke-dasharray", dash)); }
            svg.Add(line);
            // Few points (an adaptation curve, a single trial episode) get a marker each, so a lone point shows.
            var points = Enumerable.Range(0, s.X.Count).Where(k => double.IsFinite(s.X[k]) && double.IsFinite(s.Y[k])).ToList();
            if (points.Count <= MaxMarkedPoints)
            {
                svg.Add(points.Select(k => new XElement(Svg + "circle", new XAttribute("class", "marker"), new XAttribute("cx", Coord(X(s.X[k]))),
                    new XAttribute("cy", Coord(Y(s.Y[k]))), new XAttribute("r", "3"), new XAttribute("fill", colour))));
            }
        }
        if (series.Count > 0) { svg.Add(Legend(legendLines, Left + plotW + 14, Top + 4)); }
        return svg;
    }

    private const int MaxMarkedPoints = 12, LegendLine = 13, LegendGap = 6;

    private static int LegendChars(double width) => Math.Max(6, (int)((width - 24) / CharWidth));

    private static XElement Legend(IReadOnlyList<IReadOnlyList<string>> names, double x, double y)
    {
        var g = new XElement(Svg + "g", new XAttribute("class", "legend"));
        double row = y;
        for (int i = 0; i < names.Count; i++)
        {
            var swatch = Line(x, row + 6, x + 18, row + 6, Palette.Colour(i));
            swatch.SetAttributeValue("stroke-width", 3);
            if (Palette.Dash(i) is { } dash) { swatch.SetAttributeValue("stroke-dasharray", dash); }
            var label = Text(x + 24, row + 10, names[i][0], 11, "start");
            for (int l = 1; l < names[i].Count; l++)
            {
                label.Add(new XElement(Svg + "tspan", new XAttribute("x", Coord(x + 24)), new XAttribute("dy", LegendLine), names[i][l]));
            }
            g.Add(swatch, label);
            row += names[i].Count * LegendLine + LegendGap;
        }
        return g;
    }

    /// <summary>Splits a legend name into lines of at most <paramref name="width"/> characters, breaking after spaces where it can.</summary>
    internal static IReadOnlyList<string> Wrap(string name, int width)
    {
        var lines = new List<string>();
        var rest = name;
        while (rest.Length > width)
        {
            // Before a " · " separator if one fits, else at the last space, else mid-word.
            int cut = rest.LastIndexOf(" · ", width, StringComparison.Ordinal);
            if (cut <= 0) { cut = rest.LastIndexOf(' ', width); }
            if (cut <= 0) { cut = width; }
            lines.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        lines.Add(rest);
        return lines;
    }

    private static ((double Lo, double Hi) X, (double Lo, double Hi) Y) Bounds(IReadOnlyList<PlotSeries> series)
    {
        double xl = double.PositiveInfinity, xh = double.NegativeInfinity, yl = double.PositiveInfinity, yh = double.NegativeInfinity;
        foreach (var s in series)
        {
            for (int i = 0; i < s.X.Count; i++)
            {
                if (!double.IsFinite(s.X[i])) { continue; }
                foreach (double v in (double[])[s.Y[i], s.Lower?[i] ?? double.NaN, s.Upper?[i] ?? double.NaN])
                {
                    if (!double.IsFinite(v)) { continue; }
                    xl = Math.Min(xl, s.X[i]); xh = Math.Max(xh, s.X[i]);
                    yl = Math.Min(yl, v); yh = Math.Max(yh, v);
                }
            }
        }
        return double.IsFinite(xl) ? ((xl, xh), (yl, yh)) : ((0, 1), (0, 1));
    }

    private static string LinePath(PlotSeries s, Func<double, double> x, Func<double, double> y)
    {
        var d = new StringBuilder();
        bool pen = false;
        for (int i = 0; i < s.X.Count; i++)
        {
            if (!double.IsFinite(s.X[i]) || !double.IsFinite(s.Y[i])) { pen = false; continue; }
            d.Append(pen ? " L" : (d.Length > 0 ? " M" : "M")).Append(Coord(x(s.X[i]))).Append(',').Append(Coord(y(s.Y[i])));
            pen = true;
        }
        // A single point still shows: a zero-length segment with round caps is drawn by renderers as a dot.
        return d.Length == 0 ? "M0,0" : d.ToString();
    }

    private static string? BandPath(PlotSeries s, Func<double, double> x, Func<double, double> y)
    {
        var idx = Enumerable.Range(0, s.X.Count)
            .Where(i => double.IsFinite(s.X[i]) && double.IsFinite(s.Lower![i]) && double.IsFinite(s.Upper![i])).ToList();
        if (idx.Count < 2) { return null; }
        var d = new StringBuilder("M");
        foreach (int i in idx) { d.Append(Coord(x(s.X[i]))).Append(',').Append(Coord(y(s.Upper![i]))).Append(' '); }
        for (int k = idx.Count - 1; k >= 0; k--) { d.Append('L').Append(Coord(x(s.X[idx[k]]))).Append(',').Append(Coord(y(s.Lower![idx[k]]))).Append(' '); }
        return d.Append('Z').ToString();
    }

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke) =>
        new(Svg + "line", new XAttribute("x1", Coord(x1)), new XAttribute("y1", Coord(y1)), new XAttribute("x2", Coord(x2)),
            new XAttribute("y2", Coord(y2)), new XAttribute("stroke", stroke), new XAttribute("stroke-width", "1"));

    private static XElement Text(double x, double y, string text, int size, string anchor, bool bold = false)
    {
        var e = new XElement(Svg + "text", new XAttribute("x", Coord(x)), new XAttribute("y", Coord(y)),
            new XAttribute("font-size", size), new XAttribute("text-anchor", anchor), new XAttribute("fill", "#222222"), text);
        if (bold) { e.Add(new XAttribute("font-weight", "bold")); }
        return e;
    }
}
