using MetaRL.Envs;
using MetaRL.Learning.Meta;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.Meta;

public sealed class MetaPolicyTests
{
    [Fact]
    public void Gaussian_policy_rescales_normalised_actions_to_the_action_box()
    {
        var policy = MetaTestEnvs.Policy(MetaTestEnvs.PointNav(), [4], 1);
        Assert.True(policy.NormalizesActions);
        var env = new float[2];
        foreach (var (raw, expected) in new[] { (-1f, -0.1f), (0f, 0f), (0.5f, 0.05f), (1f, 0.1f), (7f, 0.1f), (-3f, -0.1f) })
        {
            policy.ToEnvAction([raw, -raw], env);
            Assert.Equal(expected, env[0], 6);
            Assert.Equal(-expected, env[1], 6);
        }
        var box = new Box([0f, -2f], [4f, 2f]);
        var asymmetric = new MlpPolicy(2, box, [4], new Rng(1));
        asymmetric.ToEnvAction([0f, -1f], env);
        Assert.Equal([2f, -2f], env);
    }

    [Fact]
    public void Discrete_and_unbounded_policies_pass_actions_through()
    {
        var env = new float[2];
        var discrete = new MlpPolicy(2, new Discrete(3), [4], new Rng(1));
        discrete.ToEnvAction([2f], env.AsSpan(0, 1));
        Assert.Equal(2f, env[0]);
        var unbounded = new MlpPolicy(2, new Box(2, float.NegativeInfinity, float.PositiveInfinity), [4], new Rng(1));
        Assert.False(unbounded.NormalizesActions);
        unbounded.ToEnvAction([5f, -7f], env);
        Assert.Equal([5f, -7f], env);
    }

    /// <summary>Regression: the Gaussian's unit std was in environment units, so on PointNav2D (±0.1) the
    /// noise swamped the action range and adapted policies never settled on the goal.</summary>
    [Fact]
    public void Point_nav_policy_noise_is_scaled_to_the_action_range()
    {
        var pool = MetaTestEnvs.PointNav(5);
        var policy = MetaTestEnvs.Policy(pool, [4], 3);
        var task = MetaTestEnvs.Tasks(pool, 1, 7)[0];
        var batch = TrajectorySampler.Sample(policy, null, pool, task, 4, new Rng(5));
        var envAction = new float[2];
        int offset = 0;
        foreach (int length in batch.Lengths)
        {
            Assert.True(length >= 2);
            // The observation is the position, so the second observation is the first rescaled action.
            policy.ToEnvAction(batch.Actions.AsSpan(offset * 2, 2), envAction);
            Assert.Equal(envAction[0], batch.Observations[(offset + 1) * 2], 6);
            Assert.Equal(envAction[1], batch.Observations[((offset + 1) * 2) + 1], 6);
            offset += length;
        }
    }

    [Fact]
    public void Adaptation_scales_the_learning_rate_after_the_first_step()
    {
        var pool = MetaTestEnvs.PointNav(10);
        var policy = MetaTestEnvs.Policy(pool, [8], 4);
        var task = MetaTestEnvs.Tasks(pool, 1, 3)[0];
        var budget = new AdaptationBudget(2, 5, 0.5, 0.99, LaterStepScale: 0.5);
        Assert.Equal(0.5, budget.LearningRateAt(0));
        Assert.Equal(0.25, budget.LearningRateAt(1));
        var adapted = GradientAdaptation.Run(policy, policy.Parameters(), pool, task, budget, new Rng(9)).Weights;

        var rng = new Rng(9);
        IReadOnlyList<Tensor> weights = policy.Parameters();
        foreach (double lr in new[] { 0.5, 0.25 })
        {
            var batch = TrajectorySampler.Sample(policy, weights, pool, task, 5, rng, budget.MaxEpisodeSteps);
            weights = PolicyGradient.Step(policy, weights, batch, PolicyGradient.Advantages(batch, 0.99), lr, createGraph: false);
        }
        for (int p = 0; p < adapted.Length; p++) { Assert.Equal(weights[p].ToFloatArray(), adapted[p].ToFloatArray()); }
        var unscaled = GradientAdaptation.Run(policy, policy.Parameters(), pool, task, budget with { LaterStepScale = 1 }, new Rng(9)).Weights;
        Assert.NotEqual(unscaled[0].ToFloatArray(), adapted[0].ToFloatArray());
    }
}
