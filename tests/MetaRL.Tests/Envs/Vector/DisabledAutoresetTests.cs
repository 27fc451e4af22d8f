using MetaRL.Envs;

namespace MetaRL.Tests.Envs;

public sealed class DisabledAutoresetTests
{
    // Copy 0 pushes right and copy 2 left until the pole falls (about ten steps); copy 1 balances the pole and runs into the time limit.
    private static int Action(int copy, float[] obs) => copy switch { 0 => 1, 2 => 0, _ => obs[2] + obs[3] > 0 ? 1 : 0 };

    [Theory]
    [MemberData(nameof(VectorKinds.All), MemberType = typeof(VectorKinds))]
    public void A_finished_copy_is_held_with_its_final_observation_flags_and_statistics_until_reset(string kind)
    {
        const int limit = 30;
        using var v = VectorKinds.Make(kind, 3, limit, AutoresetMode.Disabled);
        v.Reset(11);
        var singles = Enumerable.Range(0, 3).Select(_ => VectorKinds.CartPole(limit)).ToArray();
        var obs = singles.Select(e => e.NewObservation()).ToArray();
        for (int i = 0; i < 3; i++) { singles[i].Reset(obs[i], 11 + i); }
        var ended = new StepResult[3];
        var length = new int[3];
        var actions = new float[3];
        for (int t = 0; t < limit + 10; t++)
        {
            // A held copy's action is never looked at: an invalid one would make CartPole throw.
            for (int i = 0; i < 3; i++) { actions[i] = ended[i].Done ? 7f : Action(i, obs[i]); }
            v.Step(actions);
            for (int i = 0; i < 3; i++)
            {
                if (ended[i].Done)
                {
                    Assert.True(v.Done(i));
                    Assert.Equal(ended[i].Terminated, v.Terminated[i]);
                    Assert.Equal(0f, v.Rewards[i]);
                    Assert.Equal(0.0, v.ExactRewards[i]);
                }
                else
                {
                    var r = singles[i].Step((int)actions[i], obs[i]);
                    length[i]++;
                    if (r.Done) { ended[i] = r; }
                    Assert.Equal((float)r.Reward, v.Rewards[i]);
                    Assert.Equal(r.Terminated, v.Terminated[i]);
                    Assert.Equal(r.Truncated, v.Truncated[i]);
                }
                Assert.Equal(obs[i], v.Observation(i).ToArray());
                if (ended[i].Done)
                {
                    Assert.Equal(obs[i], v.FinalObservations.Slice(i * 4, 4).ToArray());
                    Assert.Equal(length[i], v.FinalLengths[i]);
                    Assert.Equal(length[i], v.FinalReturns[i]);
                }
            }
        }
        Assert.True(ended[0].Terminated && ended[2].Terminated && ended[1].Truncated);
        Assert.True(length[0] < limit && length[2] < limit && length[1] == limit);

        v.Reset();
        for (int i = 0; i < 3; i++)
        {
            singles[i].Reset(obs[i]); // an unseeded reset continues each copy's own stream
            Assert.Equal(obs[i], v.Observation(i).ToArray());
            Assert.False(v.Done(i));
            Assert.Equal(0f, v.Rewards[i]);
        }
        v.Step([1, 1, 1]);
        Assert.Equal(1f, v.Rewards[0]);
    }

    [Fact]
    public void A_held_copy_of_an_env_array_is_not_stepped()
    {
        var counters = new[] { new StepCounter(2), new StepCounter(5) };
        using var v = new SyncVectorEnv(counters, AutoresetMode.Disabled);
        v.Reset(0);
        for (int t = 0; t < 8; t++) { v.Step([0, 0]); }
        Assert.Equal(2, counters[0].Steps);
        Assert.Equal(5, counters[1].Steps);
        Assert.Equal(1, counters[0].Resets);
    }

    /// <summary>Terminates after a fixed number of steps and counts the calls it gets.</summary>
    private sealed class StepCounter(int length) : Env("StepCounter", new Box([0f], [100f]), new Discrete(2))
    {
        public int Steps { get; private set; }

        public int Resets { get; private set; }

        public override void Reset(Span<float> observation, long? seed = null)
        {
            Resets++;
            observation[0] = 0;
        }

        public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
        {
            Steps++;
            observation[0] = Steps;
            return new StepResult(1, Steps >= length, false);
        }
    }
}
