using MetaRL.Learning.AbTesting;
using MetaRL.Random;

namespace MetaRL.Tests.AbTesting;

/// <summary>The A/B statistics against hand-computed values and against naive reference twins written from the formulas
/// (no logs, no shared helpers; the confidence sequence by bisection on Λ_n(θ) = 1/α).</summary>
public sealed class AbStatisticsTests
{
    private static double NaiveStudentTail(double t, double nu)
    {
        // x = √ν·tan θ turns the t density into cos^(ν−1) θ on [0, π/2): P(|T| ≥ t) = 1 − ∫₀^θt / ∫₀^{π/2}, by Simpson's rule.
        static double Simpson(double to, double nu)
        {
            int steps = 20_000;
            double h = to / steps, sum = 0;
            for (int i = 0; i <= steps; i++) { sum += Math.Pow(Math.Cos(i * h), nu - 1) * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2); }
            return sum * h / 3;
        }
        return 1 - Simpson(Math.Atan(Math.Abs(t) / Math.Sqrt(nu)), nu) / Simpson(Math.PI / 2, nu);
    }

    private static (double D, double Se, double Df, double P) NaiveWelch(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double va = a.Select(x => (x - ma) * (x - ma)).Sum() / (a.Length - 1), vb = b.Select(x => (x - mb) * (x - mb)).Sum() / (b.Length - 1);
        double se = Math.Sqrt(va / a.Length + vb / b.Length);
        double df = Math.Pow(va / a.Length + vb / b.Length, 2) / (Math.Pow(va / a.Length, 2) / (a.Length - 1) + Math.Pow(vb / b.Length, 2) / (b.Length - 1));
        return (mb - ma, se, df, NaiveStudentTail((mb - ma) / se, df));
    }

    private static double NaiveLambda(int n, double d, double v, double tau2) =>
        Math.Sqrt(v / (v + n * tau2)) * Math.Exp(n * n * tau2 * d * d / (2 * v * (v + n * tau2)));

    [Fact]
    public void Welch_matches_the_hand_computed_example()
    {
        // a = 1..4: mean 2.5, s² = 5/3; b = 2,4,…,10: mean 6, s² = 10. SE = √(5/12 + 2) = 1.5545632; t = 2.2514363;
        // df = (29/12)² / ((5/12)²/3 + 2²/4) = 5.5207877; p = P(|T_5.52| ≥ 2.2514) = 0.0691336 (Simpson on the density,
        // 200,000 steps, in Python); lift = 3.5/2.5. The interval's t quantile lies between t(6) 2.447 and t(5) 2.571.
        var w = AbStatistics.Welch([1, 2, 3, 4], [2, 4, 6, 8, 10]);
        Assert.Equal(3.5, w.Difference, 12);
        Assert.Equal(1.5545631755148024, w.StandardError, 12);
        Assert.Equal(5.520787746170677, w.DegreesOfFreedom, 9);
        Assert.Equal(0.06913359409169395, w.PValue, 7);
        Assert.Equal(1.4, w.Lift, 12);
        double q = (w.Ci95High - 3.5) / 1.5545631755148024;
        Assert.Equal(3.5 - q * 1.5545631755148024, w.Ci95Low, 12);
        Assert.InRange(q, 2.447, 2.571);
        Assert.Equal(0.05, NaiveStudentTail(q, w.DegreesOfFreedom), 7);
    }

    [Fact]
    public void Student_t_tails_match_closed_forms_and_the_normal_limit()
    {
        Assert.Equal(0.5, MetaRL.Statistics.StudentT.TwoSidedTail(1, 1), 12);                       // Cauchy: P(|T| ≥ 1) = ½
        Assert.Equal(1 - 2 / Math.Sqrt(6), MetaRL.Statistics.StudentT.TwoSidedTail(2, 2), 12);     // ν = 2: 1 − t/√(2 + t²)
        Assert.Equal(1.959963984540054, MetaRL.Statistics.StudentT.TwoSidedQuantile(0.95, 1e7), 4);
        Assert.Equal(12.706204736174705, MetaRL.Statistics.StudentT.TwoSidedQuantile(0.95, 1), 8); // tan(0.475π)
    }

    [Fact]
    public void Welch_matches_its_naive_twin_on_random_samples()
    {
        var rng = new Rng(7);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = Enumerable.Range(0, 5 + rng.NextInt(50)).Select(_ => rng.Normal(10, 3)).ToArray();
            var b = Enumerable.Range(0, 5 + rng.NextInt(50)).Select(_ => rng.Normal(10.5 + trial * 0.2, 1 + trial * 0.3)).ToArray();
            var w = AbStatistics.Welch(a, b);
            var (d, se, df, p) = NaiveWelch(a, b);
            Assert.Equal(d, w.Difference, 10);
            Assert.Equal(se, w.StandardError, 10);
            Assert.Equal(df, w.DegreesOfFreedom, 8);
            Assert.Equal(p, w.PValue, 6);
        }
    }

    [Fact]
    public void Msprt_matches_the_hand_computed_example()
    {
        // n = 10, d̄ = 1, V = 4, τ² = 0.16: Λ = √(4/5.6)·exp(100·0.16/(2·4·5.6)) = 0.8451543·1.4292239 = 1.2079283;
        // half-width at α = 0.05: √(2·4·5.6/(100·0.16) · ln(√(5.6/4)/0.05)) = 2.9764260.
        Assert.Equal(1.2079282944263767, AbStatistics.MsprtLambda(10, 1, 4, 0.16), 12);
        Assert.Equal(1, AbStatistics.MsprtLambda(2, 1, 0, 0.16)); // no variance estimate yet: no evidence, no stop
        Assert.Equal(2.976425960312279, AbStatistics.MsprtHalfWidth(10, 4, 0.16, 0.05), 12);
    }

    [Fact]
    public void Msprt_matches_its_naive_twin_and_its_sequence_is_where_lambda_reaches_one_over_alpha()
    {
        var rng = new Rng(3);
        var a = Enumerable.Range(0, 60).Select(_ => rng.Normal(5, 2)).ToArray();
        var b = Enumerable.Range(0, 60).Select(_ => rng.Normal(5.8, 2.5)).ToArray();
        foreach (int n in new[] { 2, 10, 33, 60 })
        {
            var step = AbStatistics.Msprt(a, b, n, 0.1, 0.05);
            double ma = a.Take(n).Average(), mb = b.Take(n).Average();
            double v = a.Take(n).Select(x => (x - ma) * (x - ma)).Sum() / (n - 1) + b.Take(n).Select(x => (x - mb) * (x - mb)).Sum() / (n - 1);
            double tau2 = 0.01 * v;
            Assert.Equal(mb - ma, step.Difference, 10);
            Assert.Equal(v, step.Variance, 9);
            Assert.Equal(NaiveLambda(n, mb - ma, v, tau2), step.Lambda, 9);
            // Bisection for the θ above d̄ where Λ_n(θ) = Λ of (d̄ − θ) reaches 1/α.
            double lo = 0, hi = 1000;
            for (int i = 0; i < 200; i++) { double mid = (lo + hi) / 2; if (NaiveLambda(n, mid, v, tau2) < 20) { lo = mid; } else { hi = mid; } }
            Assert.Equal(lo, step.HalfWidth, 7);
        }
    }
}
