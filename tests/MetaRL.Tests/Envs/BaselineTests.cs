using System.Collections.Immutable;
using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs;

public sealed class BaselineTests
{
    private static double RunBandit(BanditAgent agent, double[] means, int pulls, long seed, out int[] counts)
    {
        var env = new BernoulliBandit(means.Length);
        env.SetTask(new BanditTask([.. means]));
        var obs = env.NewObservation();
        env.Reset(obs, seed);
        var rng = new Rng(seed);
        agent.Begin(means.Length, pulls);
        counts = new int[means.Length];
        double total = 0;
        for (int t = 0; t < pulls; t++)
        {
            int a = agent.Select(rng);
            counts[a]++;
            double r = env.Step(a, obs).Reward;
            agent.Update(a, r);
            total += r;
        }
        return total;
    }

    [Fact]
    public void Gittins_index_with_one_pull_left_is_the_posterior_mean_and_with_two_is_five_ninths()
    {
        Assert.Equal(3.0 / 5.0, GittinsIndex.Compute(2, 1, 1), 12);
        // h = 2 from Beta(1,1): 2λ = ½(1 + max(λ, ⅔)) + ½·max(λ, ⅓) gives λ = 5/9.
        Assert.Equal(5.0 / 9.0, GittinsIndex.Compute(0, 0, 2), 8);
        Assert.True(GittinsIndex.Compute(0, 0, 50) > GittinsIndex.Compute(0, 0, 10));
    }

    [Fact]
    public void Greedy_on_a_deterministic_two_arm_bandit_loses_at_most_the_first_pull()
    {
        for (long seed = 0; seed < 10; seed++)
        {
            double total = RunBandit(new GreedyBandit(), [0.0, 1.0], 20, seed, out var counts);
            Assert.InRange(total, 19, 20);
            Assert.InRange(counts[0], 0, 1);
        }
    }

    [Fact]
    public void Ucb1_on_a_deterministic_two_arm_bandit_pulls_the_bad_arm_a_logarithmic_number_of_times()
    {
        // With means 0 and 1, after the first two pulls UCB1 takes arm 0 only when √(2 ln t / n₀) > 1 + √(2 ln t / n₁),
        // so n₀ stays near 2 ln t / (1 + …)²: a handful of pulls out of 200, at least the initial one.
        double total = RunBandit(new Ucb1Bandit(Math.Sqrt(2)), [0.0, 1.0], 200, 1, out var counts);
        Assert.InRange(counts[0], 1, 8);
        Assert.Equal(200 - counts[0], total);
    }

    [Fact]
    public void Oracle_bandit_always_pulls_the_best_arm()
    {
        var task = new BanditTask([0.3, 0.8, 0.5]);
        RunBandit(new OracleBandit(() => task), [0.3, 0.8, 0.5], 50, 2, out var counts);
        Assert.Equal([0, 50, 0], counts);
    }

    [Fact]
    public void Value_iteration_finds_the_delayed_reward()
    {
        // s0: a0 stays (reward 1), a1 moves to s1 (reward 0); s1 pays 2 forever. H = 3: switch now, 0 + 2 + 2 = 4.
        double[] p = [1, 0, 0, 1, 0, 1, 0, 1];
        double[] r = [1, 0, 2, 2];
        var q = new double[3 * 2 * 2];
        Assert.Equal(4.0, FiniteHorizonPlanner.Plan(2, 2, 3, p, r, q), 12);
        Assert.Equal(2.0, FiniteHorizonPlanner.Plan(2, 2, 2, p, r, q), 12); // H = 2: stay (1+1) ties switch (0+2)
        Assert.Equal(1.0, FiniteHorizonPlanner.Plan(2, 2, 1, p, r, q), 12);
    }

    [Fact]
    public void Psrl_and_the_oracle_beat_random_on_rl2_mdps_and_random_earns_about_one_per_step()
    {
        var rows = BaselineRunner.Run("TabularMDP-v0", new Dictionary<string, string> { ["episodes"] = "10" }, trials: 60, seed: 3,
            methods: ["random", "psrl", "oracle"]).ToDictionary(r => r.Method);
        Assert.InRange(rows["random"].Mean, 85, 115);
        Assert.True(rows["psrl"].Mean > rows["random"].Mean + 15);
        Assert.True(rows["oracle"].Mean > rows["psrl"].Mean);
    }

    [Fact]
    public void Baseline_runner_rejects_methods_a_family_does_not_have()
    {
        var ex = Assert.Throws<EnvConfigurationException>(() => BaselineRunner.Run("Bandit-v0", null, 1, methods: ["psrl"]));
        Assert.Contains("gittins", ex.Message, StringComparison.Ordinal);
    }
}
