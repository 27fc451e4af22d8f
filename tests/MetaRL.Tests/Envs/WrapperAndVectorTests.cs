using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

public sealed class WrapperAndVectorTests
{
    [Fact]
    public void Episode_statistics_report_the_last_finished_episode()
    {
        var env = new EpisodeStatistics(new TimeLimit(new CartPole(), 7));
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        Assert.True(double.IsNaN(env.LastReturn));
        int steps = 0;
        while (!env.Step(0, obs).Done) { steps++; }
        steps++;
        Assert.Equal(steps, env.LastLength);
        Assert.Equal(steps, env.LastReturn);
        Assert.Equal(1, env.EpisodeCount);
        Assert.True(steps <= 7);
    }

    [Fact]
    public void Find_reaches_through_wrappers()
    {
        var env = new EpisodeStatistics(new TimeLimit(new CartPole(), 5));
        Assert.NotNull(env.Find<TimeLimit>());
        Assert.NotNull(env.Find<IStatefulEnv>());
        Assert.IsType<CartPole>(env.Unwrapped);
    }

    private static (float[] obs, float[] rew, bool[] term, bool[] trunc, float[] final) Roll(VectorEnv v, int steps, long seed)
    {
        var obs = new List<float>(); var rew = new List<float>(); var term = new List<bool>(); var trunc = new List<bool>(); var fin = new List<float>();
        v.Reset(seed);
        var actions = new float[v.NumEnvs];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < v.NumEnvs; i++) { actions[i] = i < 6 ? 1 : (t + i) % 2; } // some copies fall over, others run into the time limit
            v.Step(actions);
            obs.AddRange(v.Observations.ToArray()); rew.AddRange(v.Rewards.ToArray());
            term.AddRange(v.Terminated.ToArray()); trunc.AddRange(v.Truncated.ToArray());
            for (int i = 0; i < v.NumEnvs; i++) { if (v.Done(i)) { fin.AddRange(v.FinalObservations.Slice(i * 4, 4).ToArray()); } }
        }
        return ([.. obs], [.. rew], [.. term], [.. trunc], [.. fin]);
    }

    [Fact]
    public void Same_step_autoreset_returns_the_new_first_observation_and_keeps_the_final_one()
    {
        using var v = new SyncVectorEnv(2, () => new TimeLimit(new CartPole(), 3), AutoresetMode.SameStep);
        v.Reset(10);
        var single = new TimeLimit(new CartPole(), 3);
        var o = single.NewObservation();
        single.Reset(o, 10); // copy 0 is seeded with 10 + 0
        for (int t = 0; t < 3; t++)
        {
            v.Step([0, 0]);
            single.Step(0, o);
        }
        Assert.True(v.Truncated[0]);
        Assert.Equal(o, v.FinalObservations[..4].ToArray());
        Assert.Equal(3, v.FinalLengths[0]);
        Assert.Equal(3.0, v.FinalReturns[0]);
        single.Reset(o); // the copy's own stream continues
        Assert.Equal(o, v.Observation(0).ToArray());
        v.Step([0, 0]);
        Assert.False(v.Done(0));
        Assert.Equal(1f, v.Rewards[0]);
    }

    [Fact]
    public void Next_step_autoreset_ignores_the_action_and_returns_reward_zero_on_the_reset_step()
    {
        using var v = new SyncVectorEnv(1, () => new TimeLimit(new CartPole(), 2), AutoresetMode.NextStep);
        v.Reset(4);
        v.Step([1]);
        v.Step([1]);
        Assert.True(v.Truncated[0]);
        var final = v.Observation(0).ToArray();
        Assert.Equal(final, v.FinalObservations.ToArray());
        v.Step([1]);
        Assert.Equal(0f, v.Rewards[0]);
        Assert.False(v.Done(0));
        var single = new CartPole();
        var o = single.NewObservation();
        single.Reset(o, 4);
        single.Reset(o);
        Assert.Equal(o, v.Observation(0).ToArray());
        Assert.NotEqual(final, o);
    }

    [Theory]
    [InlineData(AutoresetMode.SameStep)]
    [InlineData(AutoresetMode.NextStep)]
    [InlineData(AutoresetMode.Disabled)]
    public void Sequential_and_parallel_vector_envs_give_identical_results(AutoresetMode mode)
    {
        using var seq = new SyncVectorEnv(13, () => EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["max_steps"] = "40" }), mode);
        using var par = new ParallelVectorEnv(13, () => EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["max_steps"] = "40" }), mode, threads: 3);
        var a = Roll(seq, 200, 5);
        var b = Roll(par, 200, 5);
        Assert.Equal(a.obs, b.obs);
        Assert.Equal(a.rew, b.rew);
        Assert.Equal(a.term, b.term);
        Assert.Equal(a.trunc, b.trunc);
        Assert.Equal(a.final, b.final);
        Assert.Contains(true, a.term);
        Assert.Contains(true, a.trunc);
    }

    [Fact]
    public void Vector_reset_seeds_copy_i_with_seed_plus_i()
    {
        using var v = new SyncVectorEnv(3, () => new CartPole());
        v.Reset(100);
        var env = new CartPole();
        var o = env.NewObservation();
        env.Reset(o, 102);
        Assert.Equal(o, v.Observation(2).ToArray());
    }
}
