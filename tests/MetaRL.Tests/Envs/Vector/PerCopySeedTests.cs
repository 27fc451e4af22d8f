using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

public sealed class PerCopySeedTests
{
    private static float[] FirstObservation(long seed, int resets = 1)
    {
        var env = VectorKinds.CartPole(500);
        var o = env.NewObservation();
        env.Reset(o, seed);
        for (int k = 1; k < resets; k++) { env.Reset(o); }
        return o;
    }

    [Theory]
    [MemberData(nameof(VectorKinds.All), MemberType = typeof(VectorKinds))]
    public void Each_copy_is_seeded_with_its_own_entry_and_continues_that_stream(string kind)
    {
        using var v = VectorKinds.Make(kind, 3, 500, AutoresetMode.SameStep);
        v.Reset([7, 3, 7]);
        Assert.Equal(FirstObservation(7), v.Observation(0).ToArray());
        Assert.Equal(FirstObservation(3), v.Observation(1).ToArray());
        Assert.Equal(FirstObservation(7), v.Observation(2).ToArray());
        Assert.NotEqual(FirstObservation(7), FirstObservation(3));
        v.Reset();
        Assert.Equal(FirstObservation(3, resets: 2), v.Observation(1).ToArray());
    }

    [Theory]
    [MemberData(nameof(VectorKinds.All), MemberType = typeof(VectorKinds))]
    public void Seeds_s_plus_i_reproduce_a_reset_with_seed_s(string kind)
    {
        using var a = VectorKinds.Make(kind, 4, 500, AutoresetMode.SameStep);
        using var b = VectorKinds.Make(kind, 4, 500, AutoresetMode.SameStep);
        a.Reset(40);
        b.Reset([40, 41, 42, 43]);
        Assert.Equal(a.Observations.ToArray(), b.Observations.ToArray());
    }

    [Theory]
    [MemberData(nameof(VectorKinds.All), MemberType = typeof(VectorKinds))]
    public void A_seed_count_other_than_the_copy_count_is_refused(string kind)
    {
        using var v = VectorKinds.Make(kind, 3, 500, AutoresetMode.SameStep);
        var e = Assert.Throws<ArgumentException>(() => v.Reset([1, 2]));
        Assert.Contains("one seed per copy (3), got 2", e.Message);
    }

    [Fact]
    public void Exact_rewards_keep_the_double_each_copy_returned()
    {
        var make = () => EnvRegistry.Make("Pendulum-v1");
        using var v = new SyncVectorEnv(2, make);
        v.Reset([9, 10]);
        var single = make();
        var o = single.NewObservation();
        single.Reset(o, 10);
        v.Step([0.5f, -1.3f]);
        var r = single.Step([-1.3f], o);
        Assert.NotEqual(r.Reward, (double)(float)r.Reward); // the float buffer alone would lose bits
        Assert.Equal(r.Reward, v.ExactRewards[1]);
        Assert.Equal((float)r.Reward, v.Rewards[1]);
    }
}
