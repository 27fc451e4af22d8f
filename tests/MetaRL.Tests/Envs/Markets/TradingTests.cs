using MetaRL.Envs;
using MetaRL.Envs.Markets;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Markets;

/// <summary>Trading-v0: the look-ahead guard, the reward's accounting, the generators and the registry's checks.</summary>
public sealed class TradingTests
{
    [Fact]
    public void Changing_prices_after_day_t_leaves_every_observation_up_to_t_unchanged()
    {
        var rng = new Rng(1);
        var a = Enumerable.Range(0, 60).Select(_ => rng.Normal(0, 0.01)).ToArray();
        const int window = 5, cut = 20; // the episode trades days 5 … 44; day 5 + cut − 1 = 24 is the last shared one
        var b = a.ToArray();
        for (int t = window + cut; t < b.Length; t++) { b[t] = -b[t] + 0.03; }
        var envA = new Trading(a, window, 40, 0.001, window, window + 1);
        var envB = new Trading(b, window, 40, 0.001, window, window + 1);
        float[] oa = envA.NewObservation(), ob = envB.NewObservation();
        envA.Reset(oa, 7);
        envB.Reset(ob, 7);
        for (int step = 0; ; step++)
        {
            // Before step s the policy has seen days up to 5 + s − 1: identical through s = cut.
            if (step <= cut) { Assert.Equal(oa, ob); }
            else { Assert.NotEqual(oa, ob); break; }
            int action = step % 3;
            var ra = envA.Step(action, oa);
            var rb = envB.Step(action, ob);
            if (step < cut) { Assert.Equal(ra.Reward, rb.Reward); }
        }
    }

    [Fact]
    public void The_reward_is_the_book_s_net_return_in_percent_and_the_observation_its_log_returns()
    {
        double[] r = [0.01, 0.02, -0.01, 0.03, 0.0];
        var env = new Trading(r, 2, 3, 0.001);
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        Assert.Equal([(float)(100 * Math.Log(1.01)), (float)(100 * Math.Log(1.02)), 0f], obs);
        var step = env.Step(2, obs); // long on day 2 (−1%), bought from cash
        Assert.Equal(100 * (-0.01 - 0.001), step.Reward, 9);
        Assert.Equal(1f, obs[2]);
        step = env.Step(0, obs); // short on day 3 (+3%): traded from the drifted long to −1
        double held = 0.99 / (1 - 0.01 - 0.001); // the long's value over the account's after the cost
        Assert.Equal(100 * (-0.03 - 0.001 * (1 + held)), step.Reward, 9);
        Assert.Equal(1 + held, env.LastTraded, 12);
    }

    [Fact]
    public void Checker_passes_tasks_round_trip_and_recorded_tasks_are_kept_apart()
    {
        Assert.All(EnvChecker.Check(EnvRegistry.Make("Trading-v0", new Dictionary<string, string> { ["max_steps"] = "50" }), seed: 3, steps: 300),
            c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
        var task = MarketGenerator.Sample(MarketModel.Garch, new Rng(2));
        Assert.Equal(task, TaskJson.Deserialize(TaskJson.Serialize(task)));
        Assert.Contains("\"Garch\"", TaskJson.Serialize(task));
        var env = EnvRegistry.Make("Trading-v0").Find<ITaskEnv>()!;
        Assert.Throws<ArgumentException>(() => env.SetTask(MarketTask.Recorded));
    }

    [Fact]
    public void Garch_paths_have_the_task_s_unconditional_volatility_and_regimes_persist()
    {
        var garch = new MarketTask(MarketModel.Garch, 0, 0.01, 0, 0.01, 0, 0.1, 0.85);
        var path = new double[200_000];
        MarketGenerator.Returns(garch, new Rng(4), path);
        double std = Math.Sqrt(path.Select(x => Math.Log(1 + x)).Select(x => x * x).Average());
        Assert.InRange(std, 0.0097, 0.0103);
        // Regimes with drifts ±1% a day and no noise: the sign changes as often as the chain switches, 1 − 0.98.
        var regime = new MarketTask(MarketModel.RegimeGbm, 0.01, 1e-9, -0.01, 1e-9, 0.98);
        MarketGenerator.Returns(regime, new Rng(5), path);
        double switches = Enumerable.Range(1, path.Length - 1).Count(t => Math.Sign(path[t]) != Math.Sign(path[t - 1])) / (double)(path.Length - 1);
        Assert.InRange(switches, 0.018, 0.022);
    }

    [Fact]
    public void Recorded_prices_too_short_for_an_episode_are_refused_naming_the_settings()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trading(new double[20], 10, 15, 0));
        Assert.Contains("max_steps", e.Message);
    }
}
