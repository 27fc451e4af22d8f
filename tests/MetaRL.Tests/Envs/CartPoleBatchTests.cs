using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

public sealed class CartPoleBatchTests
{
    private static float[] Roll(VectorEnv v, int steps, long seed, List<bool> flags)
    {
        var trace = new List<float>();
        v.Reset(seed);
        var actions = new float[v.NumEnvs];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < v.NumEnvs; i++) { actions[i] = i < 3 ? 1 : (t * 5 + i) % 3 == 0 ? 1 : 0; }
            v.Step(actions);
            trace.AddRange(v.Observations.ToArray());
            trace.AddRange(v.Rewards.ToArray());
            for (int i = 0; i < v.NumEnvs; i++)
            {
                flags.Add(v.Terminated[i]); flags.Add(v.Truncated[i]);
                if (v.Done(i)) { trace.AddRange(v.FinalObservations.Slice(i * 4, 4).ToArray()); trace.Add(v.FinalLengths[i]); }
            }
        }
        return [.. trace];
    }

    [Theory]
    [InlineData(AutoresetMode.SameStep, 1)]
    [InlineData(AutoresetMode.NextStep, 1)]
    [InlineData(AutoresetMode.SameStep, 3)]
    [InlineData(AutoresetMode.Disabled, 1)]
    [InlineData(AutoresetMode.Disabled, 3)]
    public void Struct_of_arrays_batch_is_bit_identical_to_a_sync_vector_of_cartpole_v1(AutoresetMode mode, int threads)
    {
        using var batch = new CartPoleBatch(11, mode, exactTrig: true, threads: threads, maxEpisodeSteps: 60);
        using var sync = new SyncVectorEnv(11, () => EnvRegistry.Make("CartPole-v1", new Dictionary<string, string> { ["max_steps"] = "60" }), mode);
        var fa = new List<bool>(); var fb = new List<bool>();
        Assert.Equal(Roll(sync, 150, 21, fa), Roll(batch, 150, 21, fb));
        Assert.Equal(fa, fb);
        Assert.Contains(true, fa);
    }

    [Fact]
    public void Fast_trigonometry_batch_stays_within_float_rounding_of_the_exact_one_over_a_short_horizon()
    {
        using var exact = new CartPoleBatch(16, exactTrig: true);
        using var fast = new CartPoleBatch(16, exactTrig: false);
        exact.Reset(5); fast.Reset(5);
        var actions = new float[16];
        for (int t = 0; t < 8; t++)
        {
            for (int i = 0; i < 16; i++) { actions[i] = (t + i) % 2; }
            exact.Step(actions); fast.Step(actions);
            for (int k = 0; k < 64; k++) { Assert.Equal(exact.Observations[k], fast.Observations[k], 1e-5f); }
        }
    }
}
