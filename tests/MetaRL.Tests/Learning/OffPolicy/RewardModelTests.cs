using MetaRL.Random;
using MetaRL.Learning.OffPolicy;

namespace MetaRL.Tests.Learning.OffPolicy;

public sealed class RewardModelTests
{
    /// <summary>A log with contexts whose reward is <paramref name="mean"/>(x, a), plus noise for a logistic model's Bernoulli draws.</summary>
    private static BanditLog Log(int n, int k, int d, Func<float[], int, double> mean, bool bernoulli, ulong seed)
    {
        var rng = new Rng(seed);
        var context = new float[n * d];
        var action = new int[n];
        var reward = new float[n];
        for (int i = 0; i < n; i++)
        {
            var x = new float[d];
            for (int j = 0; j < d; j++) { x[j] = (float)rng.Normal(); }
            x.CopyTo(context, i * d);
            action[i] = rng.NextInt(k);
            double m = mean(x, action[i]);
            reward[i] = bernoulli ? (rng.NextDouble() < m ? 1 : 0) : (float)m;
        }
        return new BanditLog(k, action, reward, [.. Enumerable.Repeat(1f / k, n)], [.. Enumerable.Repeat(1f / k, n * k)], context, d);
    }

    [Fact]
    public void Ridge_recovers_a_noiseless_linear_reward_per_action()
    {
        double Mean(float[] x, int a) => 0.5 + (a + 1) * x[0] - a * x[1];
        var log = Log(3000, 3, 2, Mean, bernoulli: false, 1);
        var q = RewardModel.Fit(log, new RewardModelOptions { Kind = RewardModelOptions.Ridge, RidgeAlpha = 1e-6 });
        for (int i = 0; i < 50; i++)
        {
            for (int a = 0; a < 3; a++) { Assert.Equal(Mean([log.Context![i * 2], log.Context[i * 2 + 1]], a), q[i * 3 + a], 3); }
        }
    }

    [Fact]
    public void Additive_features_cannot_express_an_action_that_depends_on_the_context_and_per_action_can()
    {
        double Mean(float[] x, int a) => a == 0 ? x[0] : -x[0];
        var log = Log(2000, 2, 1, Mean, bernoulli: false, 2);
        var perAction = RewardModel.Fit(log, new RewardModelOptions { Kind = RewardModelOptions.Ridge, RidgeAlpha = 1e-6 });
        var additive = RewardModel.Fit(log, new RewardModelOptions { Kind = RewardModelOptions.Ridge, RidgeAlpha = 1e-6, Features = RewardFeatures.Additive });
        double Error(float[] q) => Enumerable.Range(0, log.Rows).Average(i => Math.Abs(q[i * 2] - log.Context![i]) + Math.Abs(q[i * 2 + 1] + log.Context[i]));
        Assert.True(Error(perAction) < 1e-3, $"{Error(perAction)}");
        Assert.True(Error(additive) > 0.5, $"{Error(additive)}");
    }

    [Fact]
    public void Logistic_regression_fits_binary_rewards_close_to_their_probabilities()
    {
        double Mean(float[] x, int a) => PenalizedGlmSigmoid(0.3 * a - 1.0 * x[0] + 0.5 * x[1]);
        var log = Log(20_000, 2, 2, Mean, bernoulli: true, 3);
        Assert.True(log.HasBinaryRewards);
        var q = RewardModel.Fit(log);
        double error = Enumerable.Range(0, 500).Average(i => Math.Abs(q[i * 2 + 1] - Mean([log.Context![i * 2], log.Context[i * 2 + 1]], 1)));
        Assert.True(error < 0.03, $"mean absolute error {error}");
        Assert.All(q, v => Assert.InRange(v, 0f, 1f));
    }

    private static double PenalizedGlmSigmoid(double z) => 1 / (1 + Math.Exp(-z));

    [Fact]
    public void Cross_fitting_keeps_a_rows_own_reward_out_of_its_estimate()
    {
        double Mean(float[] x, int a) => 0.5 + x[0];
        var log = Log(600, 2, 1, Mean, bernoulli: false, 4);
        var options = new RewardModelOptions { Kind = RewardModelOptions.Ridge, Folds = 3, Seed = 7 };
        var before = RewardModel.Fit(log, options);
        var reward = (float[])log.Reward.Clone();
        reward[0] += 1000;
        var changed = RewardModel.Fit(new BanditLog(2, log.Action, reward, log.Pscore, log.Target, log.Context, 1), options);
        Assert.Equal(before[0], changed[0]);
        Assert.Equal(before[1], changed[1]);
        Assert.NotEqual(before, changed);
        var once = RewardModel.Fit(new BanditLog(2, log.Action, reward, log.Pscore, log.Target, log.Context, 1), new RewardModelOptions { Kind = RewardModelOptions.Ridge, Folds = 1 });
        Assert.NotEqual(before[log.Action[0]], once[log.Action[0]]);
    }

    [Fact]
    public void An_action_never_logged_predicts_the_mean_reward()
    {
        var log = new BanditLog(3, [0, 0, 0, 1], [1f, 0f, 1f, 1f], [0.5f, 0.5f, 0.5f, 0.5f], [.. Enumerable.Repeat(1f / 3, 12)], [0f, 1f, 2f, 3f], 1);
        var q = RewardModel.Fit(log, new RewardModelOptions { Kind = RewardModelOptions.Ridge, Folds = 1 });
        Assert.Equal(0.75f, q[2]);
        Assert.Equal(0.75f, q[1 * 3 + 1]);
    }

    [Fact]
    public void A_log_without_contexts_or_a_logistic_model_on_rewards_outside_0_1_is_refused()
    {
        Assert.Throws<BanditLogFormatException>(() => RewardModel.Fit(OpeReference.RandomLog(10, 2, 1)));
        var log = Log(50, 2, 1, (x, a) => 3.0, bernoulli: false, 5);
        Assert.Throws<BanditLogFormatException>(() => RewardModel.Fit(log, new RewardModelOptions { Kind = RewardModelOptions.Logistic }));
        Assert.Throws<ArgumentException>(() => RewardModel.Fit(log, new RewardModelOptions { Folds = 0 }));
    }
}
