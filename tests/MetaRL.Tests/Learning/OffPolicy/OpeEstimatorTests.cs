using MetaRL.Random;
using MetaRL.Learning.OffPolicy;

namespace MetaRL.Tests.Learning.OffPolicy;

public sealed class OpeEstimatorTests
{
    private static double Estimate(BanditLog log, string name, double? lambda = null)
    {
        var e = OpeEstimator.Create(name);
        if (lambda is { } l) { e = e.WithLambda(l); }
        return OpeKernels.Mean(OffPolicyEvaluation.RoundRewards(log, [e])[0]);
    }

    /// <summary>Two rows, two actions, worked by hand.
    /// Row 0: a=0, r=1, pscore 0.5, π_e=(0.8, 0.2), q̂=(0.6, 0.3): w=1.6, q̂(π_e)=0.54, q̂(a)=0.6.
    /// Row 1: a=1, r=0, pscore 0.25, π_e=(0.5, 0.5), q̂=(0.2, 0.4): w=2, q̂(π_e)=0.3, q̂(a)=0.4.</summary>
    private static BanditLog Tiny() => new(2, [0, 1], [1f, 0f], [0.5f, 0.25f], [0.8f, 0.2f, 0.5f, 0.5f], qHat: [0.6f, 0.3f, 0.2f, 0.4f]);

    [Theory]
    [InlineData("ipw", null, (1.6 * 1 + 2 * 0) / 2)]
    [InlineData("ipw", 1.0, (1.0 * 1 + 1 * 0) / 2)]
    [InlineData("snipw", null, 1.6 / 1.8 / 2)]
    [InlineData("dm", null, (0.54 + 0.3) / 2)]
    [InlineData("dr", null, (0.54 + 1.6 * 0.4 + 0.3 + 2 * -0.4) / 2)]
    [InlineData("dr", 1.8, (0.54 + 1.6 * 0.4 + 0.3 + 1.8 * -0.4) / 2)]
    [InlineData("sndr", null, (0.54 + 1.6 / 1.8 * 0.4 + 0.3 + 2 / 1.8 * -0.4) / 2)]
    [InlineData("switch-dr", null, (0.54 + 1.6 * 0.4 + 0.3 + 2 * -0.4) / 2)]
    [InlineData("switch-dr", 1.8, (0.54 + 1.6 * 0.4 + 0.3) / 2)]
    [InlineData("dr-os", null, (0.54 + 0.3) / 2)]
    [InlineData("dr-os", 4.0, (0.54 + 4 * 1.6 / (1.6 * 1.6 + 4) * 0.4 + 0.3 + 4 * 2 / (4 + 4.0) * -0.4) / 2)]
    public void Each_estimator_gives_the_hand_computed_value_on_a_two_row_log(string name, double? lambda, double expected)
    {
        Assert.Equal(expected, Estimate(Tiny(), name, lambda), 6);
        Assert.Equal(expected, OpeReference.Value(Tiny(), name, lambda ?? OpeEstimator.Create(name).Lambda), 6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(10.0)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0.0)]
    // q̂(x, π_e) is a float32 dot product in the kernel and a double sum here: they agree to float precision.
    public void The_kernels_match_the_plain_loops_on_random_logs(double lambda)
    {
        foreach (bool binary in new[] { true, false })
        {
            var log = OpeReference.RandomLog(500, 7, 42, binary);
            foreach (var name in OpeEstimator.Names)
            {
                double l = OpeEstimator.DefaultLambda(name) is null ? double.NaN : lambda;
                double expected = OpeReference.Value(log, name, l);
                double actual = Estimate(log, name, double.IsNaN(l) ? null : l);
                Assert.True(Math.Abs(expected - actual) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{name} λ={lambda}: {actual} vs {expected}");
            }
        }
    }

    [Fact]
    public void Ipw_with_the_logging_policy_as_target_is_the_mean_reward()
    {
        // Uniform target, logged uniformly: every weight is 1.
        var rng = new Rng(3);
        int n = 1000, k = 4;
        var reward = Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray();
        var log = new BanditLog(k, [.. Enumerable.Range(0, n).Select(_ => rng.NextInt(k))], reward, [.. Enumerable.Repeat(0.25f, n)], [.. Enumerable.Repeat(0.25f, n * k)]);
        double mean = reward.Average(r => (double)r);
        Assert.Equal(mean, Estimate(log, "ipw"), 9);
        Assert.Equal(mean, Estimate(log, "snipw"), 9);
    }

    [Fact]
    public void With_the_true_reward_function_as_q_hat_and_noiseless_rewards_the_dr_family_equals_dm()
    {
        var log = OpeReference.RandomLog(300, 5, 7);
        // Rewards equal q̂ at the logged action: every correction term is zero.
        var reward = log.Action.Select((a, i) => log.QHat![i * log.Actions + a]).ToArray();
        var exact = new BanditLog(log.Actions, log.Action, reward, log.Pscore, log.Target, qHat: log.QHat);
        double dm = Estimate(exact, "dm");
        foreach (var name in new[] { "dr", "sndr", "switch-dr", "dr-os" }) { Assert.Equal(dm, Estimate(exact, name, name == "dr-os" ? 5.0 : null), 9); }
        Assert.NotEqual(dm, Estimate(log, "dr"), 3);
    }

    [Fact]
    public void The_limits_of_lambda_give_the_named_estimators()
    {
        var log = OpeReference.RandomLog(400, 6, 11);
        double dm = Estimate(log, "dm"), dr = Estimate(log, "dr");
        Assert.Equal(dr, Estimate(log, "switch-dr"), 12);
        Assert.Equal(dm, Estimate(log, "switch-dr", 0.0), 12);
        Assert.Equal(dr, Estimate(log, "dr-os", double.PositiveInfinity), 12);
        Assert.Equal(dm, Estimate(log, "dr-os"), 12);
        Assert.Equal(dm, Estimate(log, "dr", 0.0), 12);
        Assert.Equal(0.0, Estimate(log, "ipw", 0.0), 12);
        // Clipping far above every weight changes nothing; shrinkage with a huge λ approaches dr.
        Assert.Equal(Estimate(log, "ipw"), Estimate(log, "ipw", 1e6), 12);
        Assert.Equal(dr, Estimate(log, "dr-os", 1e9), 6);
    }

    [Fact]
    public void Dros_takes_the_limit_zero_where_obp_divides_zero_by_zero()
    {
        Assert.Equal(0.0, OpeKernels.Shrink(0, 0));
        Assert.Equal(0.0, OpeKernels.Shrink(2, 0));
        Assert.Equal(2.0, OpeKernels.Shrink(2, double.PositiveInfinity));
        Assert.Equal(4 * 2 / (4.0 + 4), OpeKernels.Shrink(2, 4));
    }

    [Fact]
    public void A_lambda_is_refused_where_obp_has_none_and_below_zero()
    {
        Assert.Throws<ArgumentException>(() => OpeEstimator.Create("snipw").WithLambda(1));
        Assert.Throws<ArgumentException>(() => OpeEstimator.Create("dr").WithLambda(-1));
        Assert.Throws<ArgumentException>(() => OpeEstimator.Create("dr").WithLambda(double.NaN));
        Assert.Throws<ArgumentException>(() => OpeEstimator.Create("drr"));
    }

    [Fact]
    public void Estimators_needing_q_hat_on_a_log_with_neither_q_hat_nor_context_are_refused_and_ipw_runs()
    {
        var log = new BanditLog(2, [0], [1f], [0.5f], [0.5f, 0.5f]);
        var ex = Assert.Throws<BanditLogFormatException>(() => OffPolicyEvaluation.Evaluate(log, new OpeOptions { Estimators = [OpeEstimator.Create("dr")] }));
        Assert.Contains("q_hat", ex.Message, StringComparison.Ordinal);
        var report = OffPolicyEvaluation.Evaluate(log, new OpeOptions { Estimators = [OpeEstimator.Create("ipw")], BootstrapSamples = 0 });
        Assert.Equal(1.0, report.Rows[0].Value, 9);
        Assert.True(double.IsNaN(report.Rows[0].Ci95Low));
    }
}
