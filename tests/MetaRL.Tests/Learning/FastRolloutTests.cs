using System.Numerics.Tensors;
using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning;

/// <summary>
/// The span rollout path of <see cref="MlpActorCritic"/> against its naive twin, the tensor path that
/// <see cref="OnPolicyAlgorithm"/> uses without it: same actions, log-probabilities and values bit for bit,
/// and the generator left in the same state.
/// </summary>
public sealed class FastRolloutTests
{
    public static TheoryData<bool, int, int, Activation> Cases() => new()
    {
        { true, 2, 1, Activation.Tanh },
        { true, 2, 4, Activation.Tanh },
        { true, 5, 3, Activation.Tanh },
        { true, 3, 64, Activation.Relu },
        { true, 7, 130, Activation.Tanh },
        { true, 3, 2048, Activation.Tanh },
        { false, 1, 1, Activation.Tanh },
        { false, 1, 4, Activation.Tanh },
        { false, 3, 7, Activation.Tanh },
        { false, 6, 64, Activation.Sigmoid },
        { false, 2, 130, Activation.Relu },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fast_rollout_path_matches_the_tensor_path_bit_for_bit(bool discrete, int actionCount, int batch, Activation activation)
    {
        const int obsSize = 5;
        Space space = discrete ? new Discrete(actionCount) : new Box(actionCount, -2, 2);
        var policy = new MlpActorCritic(obsSize, space, [64, 32], activation, new Rng(1));
        Randomize(policy, new Rng(2));
        var data = new Rng(3);
        int act = policy.ActionSize;
        var fastRng = new Rng(4);
        var slowRng = new Rng(4);
        var actions = new float[batch * act];
        var logProbs = new float[batch];
        var values = new float[batch];
        var sampler = policy.TryBeginRollout();
        Assert.NotNull(sampler);
        // Several calls in a row: the buffers kept between calls must not leak one call into the next.
        for (int call = 0; call < 4; call++)
        {
            var obs = new float[batch * obsSize];
            for (int i = 0; i < obs.Length; i++) { obs[i] = (float)(2 * data.Normal()); }
            sampler.SampleActions(obs, batch, fastRng, actions, logProbs, values);
            var (slowActions, slowLogProbs, slowValues) = TensorPath(policy, obs, batch, slowRng);
            AssertBitEqual(slowActions, actions);
            AssertBitEqual(slowLogProbs, logProbs);
            AssertBitEqual(slowValues, values);
            Assert.Equal(slowRng.GetState(), fastRng.GetState());
            var onlyValues = new float[batch];
            sampler.Values(obs, batch, onlyValues);
            AssertBitEqual(slowValues, onlyValues);
        }
        if (discrete)
        {
            // The draws were not all one class (the heads were random enough to test the inverse CDF).
            Assert.True(batch < 8 || actions.Distinct().Count() > 1);
        }
    }

    [Fact]
    public void Fast_rollout_path_reads_substituted_fast_weights()
    {
        var policy = new MlpActorCritic(3, new Box(2, -1, 1), [16], Activation.Tanh, new Rng(5));
        var substitutes = policy.Parameters().Select(p => Tensor.RandN(p.Shape, new Rng(p.Numel), p.DType)).ToArray();
        var obs = new float[6];
        for (int i = 0; i < obs.Length; i++) { obs[i] = i - 2.5f; }
        float[] actions = new float[4], logProbs = new float[2], values = new float[2];
        using (Functional.Substitute(policy, substitutes))
        {
            var sampler = policy.TryBeginRollout();
            Assert.NotNull(sampler);
            sampler.SampleActions(obs, 2, new Rng(6), actions, logProbs, values);
            var (a, l, v) = TensorPath(policy, obs, 2, new Rng(6));
            AssertBitEqual(a, actions);
            AssertBitEqual(l, logProbs);
            AssertBitEqual(v, values);
        }
        var (plainActions, _, _) = TensorPath(policy, obs, 2, new Rng(6));
        Assert.NotEqual(plainActions, actions);
    }

    [Fact]
    public void Fast_rollout_sampler_keeps_its_snapshot_until_the_next_rollout_begins()
    {
        var policy = new MlpActorCritic(4, new Discrete(3), [16, 16], Activation.Tanh, new Rng(10));
        Randomize(policy, new Rng(11));
        var obs = new float[8];
        for (int i = 0; i < obs.Length; i++) { obs[i] = 0.3f * i - 1; }
        var sampler = policy.TryBeginRollout()!;
        var (_, _, before) = TensorPath(policy, obs, 2, new Rng(12));
        // An optimizer step between rollouts: the running sampler still sees the old weights...
        foreach (var p in policy.Parameters()) { TensorPrimitives.Add(p.F32, 0.25f, p.F32); }
        var values = new float[2];
        sampler.Values(obs, 2, values);
        AssertBitEqual(before, values);
        // ...and the next rollout sees the new ones.
        var (_, _, after) = TensorPath(policy, obs, 2, new Rng(12));
        Assert.NotEqual(before, after);
        policy.TryBeginRollout()!.Values(obs, 2, values);
        AssertBitEqual(after, values);
    }

    [Fact]
    public void Fast_rollout_path_stands_aside_under_anomaly_detection_without_drawing()
    {
        var policy = new MlpActorCritic(4, new Discrete(2), [8], Activation.Tanh, new Rng(7));
        var rng = new Rng(8);
        var before = rng.GetState();
        bool previous = Autograd.Autograd.DetectAnomaly;
        Autograd.Autograd.DetectAnomaly = true;
        try
        {
            Assert.Null(policy.TryBeginRollout());
        }
        finally { Autograd.Autograd.DetectAnomaly = previous; }
        Assert.Equal(before, rng.GetState());
    }

    [Fact]
    public void Fast_rollout_path_rejects_observations_of_the_wrong_size()
    {
        var policy = new MlpActorCritic(4, new Discrete(2), [8], Activation.Tanh, new Rng(9));
        var sampler = policy.TryBeginRollout()!;
        var ex = Assert.Throws<ArgumentException>(() => sampler.Values(new float[7], 2, new float[2]));
        Assert.Contains("need 8 floats, got 7", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>What <see cref="OnPolicyAlgorithm"/> computes without the capability.</summary>
    private static (float[] Actions, float[] LogProbs, float[] Values) TensorPath(MlpActorCritic policy, float[] obs, int batch, Rng rng)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var x = Tensor.FromArray(obs, batch, obs.Length / batch);
        var dist = policy.Policy(x);
        var sample = dist.Sample(rng);
        var logProb = dist.LogProb(sample);
        var value = policy.Value(x);
        var logProbs = new float[batch];
        var values = new float[batch];
        for (int e = 0; e < batch; e++)
        {
            logProbs[e] = (float)logProb[e];
            values[e] = (float)value[e];
        }
        return (sample.F32.ToArray(), logProbs, values);
    }

    /// <summary>Weights of order one, so logits spread and every kernel sees varied inputs.</summary>
    private static void Randomize(MlpActorCritic policy, Rng rng)
    {
        foreach (var p in policy.Parameters())
        {
            var d = p.F32;
            double scale = p.Rank == 2 ? 1.5 / Math.Sqrt(p.Dim(1)) : 0.5;
            for (int i = 0; i < d.Length; i++) { d[i] = (float)(scale * rng.Normal()); }
        }
    }

    private static void AssertBitEqual(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]), $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
