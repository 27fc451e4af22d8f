using MetaRL.Tracking;
using MetaRL.Tracking.Reports;

namespace MetaRL.Tests.Tracking;

public sealed class AggregationTests
{
    [Fact]
    public void Bin_means_values_per_bin_and_interpolates_gaps_inside_the_run_only()
    {
        ScalarPoint[] points = [new(0, 1, 0), new(5, 3, 0), new(30, 10, 0)];
        var (x, y) = CurveAggregator.Bin(points, lo: 0, width: 10, bins: 5);
        Assert.Equal(2, y[0]);          // mean of 1 and 3
        Assert.Equal(2.5, x[0]);
        Assert.Equal(2 + 8.0 / 3, y[1], 12);  // interpolated between bin 0 (2) and bin 3 (10)
        Assert.Equal(2 + 16.0 / 3, y[2], 12);
        Assert.Equal(2.5 + 27.5 / 3, x[1], 12);
        Assert.Equal(10, y[3]);
        Assert.True(double.IsNaN(y[4])); // beyond the run's last step
    }

    [Fact]
    public void Pooling_one_run_returns_it_and_two_equal_runs_narrow_the_interval()
    {
        var one = new MetaEvalRow("maml", 1, -30, 2, 40);
        Assert.Equal([one], MetaEvalPooling.Pool([one]));
        var pooled = Assert.Single(MetaEvalPooling.Pool([one, one with { Mean = -20 }]));
        Assert.Equal(-25, pooled.Mean, 12);
        Assert.Equal(80, pooled.N);
        // sd of each seed: 2·√40/1.96 (the z every row is written with); pooled variance adds the between-seed spread of ±5.
        double s = 2 * Math.Sqrt(40) / 1.96;
        double variance = (2 * 39 * s * s + 80 * 25) / 79;
        Assert.Equal(1.96 * Math.Sqrt(variance / 80), pooled.Ci95, 9);
    }

    [Fact]
    public void Legend_names_keep_the_algorithm_and_drop_the_other_parts_all_series_share()
    {
        Assert.Equal(["ppo · lr=1", "ppo · lr=2"], CurveChart.LegendNames(["ppo · Cart · lr=1", "ppo · Cart · lr=2"]));
        Assert.Equal(["ppo", "a2c · lr=2"], CurveChart.LegendNames(["ppo · Cart", "a2c · Cart · lr=2"]));
        Assert.Equal(["maml"], CurveChart.LegendNames(["maml · Cheetah"]));
    }
}
