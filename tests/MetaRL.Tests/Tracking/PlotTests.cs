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
