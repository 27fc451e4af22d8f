using System.Xml.Linq;
using MetaRL.Tracking.Plots;

namespace MetaRL.Tests.Tracking;

public sealed class PlotTests
{
    [Theory]
    [InlineData(0, 97, 0, 100, 20)]
    [InlineData(0, 65_000, 0, 70_000, 10_000)]
    [InlineData(-0.0213, -0.0098, -0.022, -0.008, 0.002)]
    [InlineData(5, 5, 4.4, 5.6, 0.2)]
    [InlineData(0, 0.6, 0, 0.6, 0.1)]
    public void Nice_scale_covers_the_data_with_round_steps(double lo, double hi, double min, double max, double step)
    {
        var s = NiceScale.For(lo, hi);
        Assert.Equal(step, s.Step, 12);
        Assert.Equal(min, s.Min, 9);
        Assert.Equal(max, s.Max, 9);
        var ticks = s.Ticks();
        Assert.Equal(s.Min, ticks[0], 9);
        Assert.Equal(s.Max, ticks[^1], 9);
    }

    [Fact]
    public void Integer_scale_never_ticks_between_whole_numbers()
    {
        Assert.Equal([0.0, 1, 2, 3], NiceScale.For(0, 3, integer: true).Ticks());
    }

    [Theory]
    [InlineData(20_000, 20_000, "20k")]
    [InlineData(1_500_000, 500_000, "1.5M")]
    [InlineData(-0.01, 0.005, "-0.010")]
    [InlineData(400, 200, "400")]
    [InlineData(5000, 5000, "5k", 35_000)]
    [InlineData(0, 5000, "0", 35_000)]
    public void Tick_labels_are_short(double value, double step, string expected, double axis = 0) =>
        Assert.Equal(expected, NumberFormat.Tick(value, step, axis));

    [Fact]
    public void Chart_has_one_path_per_series_a_band_where_given_and_skips_non_finite_points()
    {
        var a = new PlotSeries("a <&>", [0, 1, 2, 3], [1, double.NaN, 3, 4], [0, 0, 2, 3], [2, 2, 4, 5]);
        var b = new PlotSeries("b", [0, 1, 2, 3], [4, 3, 2, 1]);
        var svg = LineChart.Render(new ChartSpec("t", "x", "y"), [a, b]);
        var paths = svg.Descendants(LineChart.Svg + "path").ToList();
        Assert.Equal(["a <&>", "b"], paths.Where(p => (string?)p.Attribute("class") == "series").Select(p => (string?)p.Attribute("data-name")));
        Assert.Single(paths, p => (string?)p.Attribute("class") == "band");
        string d = (string)paths.Single(p => (string?)p.Attribute("data-name") == "a <&>").Attribute("d")!;
        Assert.Equal(2, d.Count(c => c == 'M')); // the NaN breaks the line in two
        Assert.NotEqual(Palette.Colour(0), Palette.Colour(1));
        Assert.Contains("a &lt;&amp;&gt;", svg.ToString(SaveOptions.DisableFormatting), StringComparison.Ordinal);
    }
}

public sealed class LineChartLegendTests
{
    [Fact]
    public void Long_legend_names_wrap_onto_more_lines_instead_of_being_cut()
    {
        string name = "recurrent_ppo · CartPoleMeta-v0 · learning_rate=0.0003 · hidden_size=128 · trials_per_iteration=512";
        var svg = LineChart.Render(new ChartSpec("t", "x", "y"), [new PlotSeries(name, [0, 1], [1, 2]), new PlotSeries("b", [0, 1], [2, 3])]);
        var label = svg.Descendants(LineChart.Svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(LineChart.Svg + "text").First();
        Assert.Equal(name.Replace(" ", "", StringComparison.Ordinal), label.Value.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("…", svg.ToString(), StringComparison.Ordinal);
        Assert.True(label.Elements(LineChart.Svg + "tspan").Any(), "a long name takes more than one line");
    }

    [Fact]
    public void Many_series_make_the_figure_taller_so_the_legend_fits()
    {
        var series = Enumerable.Range(0, 30).Select(i => new PlotSeries($"series {i}", [0, 1], [i, i + 1])).ToList();
        var svg = LineChart.Render(new ChartSpec("t", "x", "y", Height: 340), series);
        Assert.True((int)svg.Attribute("height")! > 30 * 13, $"height {svg.Attribute("height")}");
    }

    [Fact]
    public void A_series_of_one_point_is_drawn_as_a_marker()
    {
        var svg = LineChart.Render(new ChartSpec("t", "x", "y"), [new PlotSeries("one", [1], [4])]);
        Assert.Single(svg.Descendants(LineChart.Svg + "circle"), c => (string?)c.Attribute("class") == "marker");
        var many = LineChart.Render(new ChartSpec("t", "x", "y"), [new PlotSeries("many", [.. Enumerable.Range(0, 100).Select(i => (double)i)], [.. Enumerable.Range(0, 100).Select(i => (double)i)])]);
        Assert.Empty(many.Descendants(LineChart.Svg + "circle"));
    }

    [Theory]
    [InlineData("short", 10, new[] { "short" })]
    [InlineData("ppo · lr=1 · hidden=64", 12, new[] { "ppo · lr=1", "· hidden=64" })]
    [InlineData("abcdefghijkl", 5, new[] { "abcde", "fghij", "kl" })]
    public void Wrap_breaks_at_spaces_within_the_width(string name, int width, string[] expected) =>
        Assert.Equal(expected, LineChart.Wrap(name, width));
}
