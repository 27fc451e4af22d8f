using MetaRL.Random;
using MetaRL.Learning.OffPolicy;

namespace MetaRL.Tests.Learning.OffPolicy;

public sealed class OpeBootstrapTests
{
    [Fact]
    public void Percentiles_interpolate_linearly_as_numpy_does()
    {
        double[] sorted = [1, 2, 3, 4, 10];
        // numpy.percentile([1,2,3,4,10], [2.5, 50, 97.5]) = [1.1, 3.0, 9.4]
        Assert.Equal(1.1, OpeBootstrap.Percentile(sorted, 2.5), 12);
        Assert.Equal(3.0, OpeBootstrap.Percentile(sorted, 50), 12);
        Assert.Equal(9.4, OpeBootstrap.Percentile(sorted, 97.5), 12);
        Assert.Equal(10.0, OpeBootstrap.Percentile(sorted, 100), 12);
    }

    [Fact]
    public void A_resample_draws_n_rows_uniformly()
    {
        int n = 1000;
        var counts = new int[n];
        var weights = new double[n];
        var total = new long[n];
        var rng = new Rng(9);
        for (int b = 0; b < 2000; b++)
        {
            OpeBootstrap.Resample(n, rng, counts, weights);
            Assert.Equal(n, counts.Sum());
            for (int i = 0; i < n; i++) { total[i] += counts[i]; }
        }
        Assert.Equal(weights.Sum(), counts.Sum());
        // Each row is drawn 2000 times on average (sd ≈ 45); a biased index map would push the extremes far out.
        Assert.InRange(total.Min(), 2000 - 250, 2000);
        Assert.InRange(total.Max(), 2000, 2000 + 250);
        // An odd n draws the last index from its own half.
        var odd = new int[7];
        OpeBootstrap.Resample(7, rng, odd, new double[7]);
        Assert.Equal(7, odd.Sum());
    }

    [Fact]
    public void The_interval_is_seeded_and_covers_the_mean_at_about_the_normal_width()
    {
        var rng = new Rng(1);
        var values = Enumerable.Range(0, 4000).Select(_ => rng.Normal(2, 1)).ToArray();
        var a = OpeBootstrap.Intervals([values], 2000, 5)[0];
        var b = OpeBootstrap.Intervals([values], 2000, 5)[0];
        var c = OpeBootstrap.Intervals([values], 2000, 6)[0];
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        double mean = values.Average(), se = 1.0 / Math.Sqrt(values.Length);
        Assert.True(a.Low < mean && mean < a.High);
        Assert.InRange(a.High - a.Low, 2 * 1.96 * se * 0.85, 2 * 1.96 * se * 1.15);
    }

    [Fact]
    public void All_estimators_share_each_resample()
    {
        var values = Enumerable.Range(0, 500).Select(i => (double)(i % 7)).ToArray();
        var doubled = values.Select(v => 2 * v).ToArray();
        var both = OpeBootstrap.Intervals([values, doubled], 300, 1);
        Assert.Equal(2 * both[0].Low, both[1].Low, 12);
        Assert.Equal(2 * both[0].High, both[1].High, 12);
    }
}
