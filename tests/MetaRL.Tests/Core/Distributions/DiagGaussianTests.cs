using MetaRL.Distributions;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Distributions;

public sealed class DiagGaussianTests
{
    [Fact]
    public void LogProb_gradient_matches_finite_differences_in_mean_log_std_and_value() =>
        GradCheck.Assert(
            x => new DiagGaussian(x[0], x[1]).LogProb(x[2]),
            GradCheck.Rand(1, -1, 1, 3, 2), GradCheck.Rand(2, -0.5, 0.5, 2), GradCheck.Rand(3, -1, 1, 3, 2));

    [Fact]
    public void LogProb_gradient_matches_with_per_row_log_std() =>
        GradCheck.Assert(
            x => new DiagGaussian(x[0], x[1]).LogProb(x[2]),
            GradCheck.Rand(4, -1, 1, 3, 2), GradCheck.Rand(5, -0.5, 0.5, 3, 2), GradCheck.Rand(6, -1, 1, 3, 2));

    [Fact]
    public void Entropy_gradient_matches_finite_differences() =>
        GradCheck.Assert(x => new DiagGaussian(x[0], x[1]).Entropy(), GradCheck.Rand(7, -1, 1, 3, 2), GradCheck.Rand(8, -0.5, 0.5, 3, 2));

    [Fact]
    public void Kl_gradient_matches_finite_differences_in_all_four_parameters() =>
        GradCheck.Assert(
            x => new DiagGaussian(x[0], x[1]).KlDivergence(new DiagGaussian(x[2], x[3])),
            GradCheck.Rand(9, -1, 1, 3, 2), GradCheck.Rand(10, -0.5, 0.5, 2), GradCheck.Rand(11, -1, 1, 3, 2), GradCheck.Rand(12, -0.5, 0.5, 3, 2));

    [Fact]
    public void LogProb_entropy_and_kl_match_closed_forms_in_one_dimension()
    {
        double mu = 0.3, sigma = 1.7, x = -0.4, mu2 = -0.2, sigma2 = 0.9;
        var p = new DiagGaussian(Tensor.FromArray(new[] { mu }, 1, 1), Tensor.FromArray(new[] { Math.Log(sigma) }, 1));
        var q = new DiagGaussian(Tensor.FromArray(new[] { mu2 }, 1, 1), Tensor.FromArray(new[] { Math.Log(sigma2) }, 1));
        double expectedLogProb = -0.5 * Math.Pow((x - mu) / sigma, 2) - Math.Log(sigma) - 0.5 * Math.Log(2 * Math.PI);
        Assert.Equal(expectedLogProb, p.LogProb(Tensor.FromArray(new[] { x }, 1, 1)).Item(), 12);
        Assert.Equal(0.5 * Math.Log(2 * Math.PI * Math.E * sigma * sigma), p.Entropy().Item(), 12);
        double kl = Math.Log(sigma2 / sigma) + (sigma * sigma + (mu - mu2) * (mu - mu2)) / (2 * sigma2 * sigma2) - 0.5;
        Assert.Equal(kl, p.KlDivergence(q).Item(), 12);
    }

    [Fact]
    public void Samples_have_the_requested_moments_and_are_reparameterised()
    {
        var mean = Tensor.Full([5000, 2], 1.5, DType.Float64).RequireGrad();
        var logStd = Tensor.FromArray(new[] { Math.Log(0.5), Math.Log(2.0) }, 2).RequireGrad();
        var d = new DiagGaussian(mean, logStd);
        var s = d.Sample(new Rng(3));
        double m0 = 0, m1 = 0, v0 = 0, v1 = 0;
        for (int i = 0; i < 5000; i++) { m0 += s[2 * i]; m1 += s[2 * i + 1]; }
        m0 /= 5000; m1 /= 5000;
        for (int i = 0; i < 5000; i++) { v0 += Math.Pow(s[2 * i] - m0, 2); v1 += Math.Pow(s[2 * i + 1] - m1, 2); }
        Assert.InRange(m0, 1.47, 1.53);
        Assert.InRange(Math.Sqrt(v0 / 4999), 0.48, 0.52);
        Assert.InRange(Math.Sqrt(v1 / 4999), 1.92, 2.08);
        // d(sum of samples)/d(mean) = 1 everywhere when the sample is mean + std·ε.
        var grads = MetaRL.Autograd.Autograd.Grad(Ops.Sum(s), [mean]);
        Assert.All(grads[0].ToDoubleArray(), g => Assert.Equal(1.0, g));
    }

    [Fact]
    public void Equal_seeds_give_equal_samples()
    {
        var d = new DiagGaussian(Tensor.Zeros([4, 3]), Tensor.Zeros([3]));
        Assert.Equal(d.Sample(new Rng(11)).ToFloatArray(), d.Sample(new Rng(11)).ToFloatArray());
    }
}
