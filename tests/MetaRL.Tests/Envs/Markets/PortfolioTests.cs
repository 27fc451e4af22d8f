using MetaRL.Envs;
using MetaRL.Envs.Markets;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Markets;

/// <summary>Portfolio-v0: softmax weights, the shared book's accounting, correlated markets and the registry's checks.</summary>
public sealed class PortfolioTests
{
    [Fact]
    public void Scores_become_long_only_weights_and_the_reward_is_the_book_s_net_return()
    {
        var env = new Portfolio(MarketModel.RegimeGbm, 3, 4, 10, 0.002);
        var obs = env.NewObservation();
        env.Reset(obs, 1);
        float[] scores = [0, (float)Math.Log(2), (float)Math.Log(5)]; // weights 1/8, 2/8, 5/8
        var path = (double[,])env.Path.Clone();
        var step = env.Step(scores, obs);
        double gross = (path[env.Lead, 0] + 2 * path[env.Lead, 1] + 5 * path[env.Lead, 2]) / 8;
        Assert.Equal(100 * (gross - 0.002), step.Reward, 5); // from cash: traded 1 (scores are floats)
        Assert.Equal((1 + gross) / (1 + gross - 0.002), obs[^3..].Sum(), 5); // the cost was paid from cash
        Assert.Equal((float)(100 * Math.Log(1 + path[env.Lead, 2])), obs[2 * 4 + 3]);
    }

    [Fact]
    public void Assets_share_the_task_s_correlation_through_the_common_factor()
    {
        var asset = new MarketTask(MarketModel.Garch, 0, 0.01, 0, 0.01, 0, 0.05, 0.9);
        var path = new double[50_000, 2];
        MarketGenerator.Returns(new PortfolioTask([asset, asset], 0.5), new Rng(8), path);
        double sxy = 0, sxx = 0, syy = 0;
        for (int t = 0; t < path.GetLength(0); t++) { (sxy, sxx, syy) = (sxy + path[t, 0] * path[t, 1], sxx + path[t, 0] * path[t, 0], syy + path[t, 1] * path[t, 1]); }
        Assert.InRange(sxy / Math.Sqrt(sxx * syy), 0.45, 0.55);
    }

    [Fact]
    public void Checker_passes_and_a_task_of_another_size_is_refused()
    {
        var env = EnvRegistry.Make("Portfolio-v0", new Dictionary<string, string> { ["assets"] = "3", ["max_steps"] = "40" });
        Assert.All(EnvChecker.Check(env, seed: 2, steps: 200), c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
        var task = MarketGenerator.SampleMarket(null, 4, new Rng(1));
        Assert.Equal(TaskJson.Serialize(task), TaskJson.Serialize(TaskJson.Deserialize(TaskJson.Serialize(task))));
        Assert.Throws<ArgumentException>(() => env.Find<ITaskEnv>()!.SetTask(task));
    }
}
