using MetaRL.Learning;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning;

public sealed class ObservationNormalizerTests
{
    [Fact]
    public void Batched_updates_give_the_pooled_mean_and_variance_of_everything_seen()
    {
        var rng = new Rng(11);
        var norm = new ObservationNormalizer(2);
        var seen = new List<float[]>();
        foreach (int rows in new[] { 1, 4, 7 })
        {
            var batch = new float[rows * 2];
            for (int r = 0; r < rows; r++) { batch[2 * r] = (float)rng.Normal(3, 2); batch[2 * r + 1] = (float)rng.Uniform(-8, 8); }
            seen.Add(batch);
            norm.Update(batch);
        }
        // Naive twin: pool the data with the prior pseudo-sample (count 1e-4, mean 0, variance 1).
        const double c0 = 1e-4;
        for (int j = 0; j < 2; j++)
        {
            var x = seen.SelectMany(b => b.Where((_, i) => i % 2 == j)).Select(v => (double)v).ToArray();
            double m = x.Average(), v = x.Sum(t => (t - m) * (t - m)) / x.Length, n = x.Length;
            double mean = n * m / (c0 + n);
            double var = (c0 + n * v + m * m * c0 * n / (c0 + n)) / (c0 + n);
            Assert.Equal(mean, norm.Mean[j], 9);
            Assert.Equal(var, norm.Variance[j], 9);
        }
    }

    [Fact]
    public void Apply_standardises_and_clips_at_ten()
    {
        var norm = new ObservationNormalizer(1);
        norm.Update([1f, 3f]);
        double mean = norm.Mean[0], sd = Math.Sqrt(norm.Variance[0] + 1e-8);
        var output = new float[3];
        norm.Apply([2f, 1f, 1000f], output);
        Assert.Equal((2 - mean) / sd, output[0], 5);
        Assert.Equal((1 - mean) / sd, output[1], 5);
        Assert.Equal(10f, output[2]);
    }

    [Fact]
    public void Saved_statistics_restore_into_a_fresh_normalizer()
    {
        var a = new ObservationNormalizer(3);
        a.Update([1f, 2f, 3f, -4f, 5f, 0.5f]);
        var state = new Dictionary<string, Tensor>();
        a.Save(state);
        var b = new ObservationNormalizer(3);
        b.Load(state);
        a.Update([7f, 7f, 7f]);
        b.Update([7f, 7f, 7f]);
        Assert.Equal(a.Mean, b.Mean);
        Assert.Equal(a.Variance, b.Variance);
    }
}
