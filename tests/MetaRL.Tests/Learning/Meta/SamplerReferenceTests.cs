using MetaRL.Envs;
using MetaRL.Learning.Meta;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.Meta;

/// <summary>The samplers over <see cref="SyncVectorEnv"/> give what the raw-array samplers gave, bit for bit, and
/// leave the generator in the same state (no draw added, dropped or reordered).</summary>
public sealed class SamplerReferenceTests
{
    private static Dictionary<string, string> Settings(string settings) =>
        settings.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);

    [Theory]
    [InlineData("PointNav2D-v0", "max_steps=15", 100)] // Box actions rescaled by ToEnvAction; every episode runs to the limit
    [InlineData("CartPoleMeta-v0", "max_steps=60", 100)] // discrete actions; episodes end at different steps
    [InlineData("CartPoleMeta-v0", "max_steps=60", 12)] // the step budget cuts the episodes
    public void Trajectory_sampler_matches_the_raw_env_sampler(string id, string settings, int maxSteps)
    {
        var pool = new EnvPool(() => EnvRegistry.Make(id, Settings(settings)));
        var policy = MetaTestEnvs.Policy(pool, [16], seed: 3);
        var task = MetaTestEnvs.Tasks(pool, 1, seed: 4)[0];
        var (rngA, rngB) = (new Rng(9), new Rng(9));
        var actual = TrajectorySampler.Sample(policy, null, pool, task, 6, rngA, maxSteps);
        var expected = SamplerReference.Trajectories(policy, [.. Enumerable.Range(0, 6).Select(_ => EnvRegistry.Make(id, Settings(settings)))], task, rngB, maxSteps);
        Assert.Equal(expected.Lengths, actual.Lengths);
        Assert.Equal(expected.Observations, actual.Observations);
        Assert.Equal(expected.Actions, actual.Actions);
        Assert.Equal(expected.Rewards, actual.Rewards);
        Assert.Equal(rngB.NextULong(), rngA.NextULong());
        if (id.StartsWith("CartPole", StringComparison.Ordinal) && maxSteps == 100) { Assert.True(actual.Lengths.Distinct().Count() > 1); }
    }

    [Theory]
    [InlineData("TabularMDP-v0", "states=4,actions=3,horizon=5,episodes=3", 1000)] // Gaussian rewards: inner returns summed in double
    [InlineData("GridNav-v0", "size=5,max_steps=12,episodes=2", 1000)] // trials end at different steps, finished ones are held
    [InlineData("PointNav2D-v0", "max_steps=10,episodes=2", 15)] // Box actions; the step budget cuts the trials
    [InlineData("Bandit-v0", "arms=3,pulls=6", 1000)]
    public void Trial_sampler_matches_the_raw_env_sampler(string id, string settings, int maxSteps)
    {
        var make = () => EnvRegistry.MakeTrial(id, Settings(settings));
        var prototype = make();
        var policy = new Rl2Policy(prototype.ObservationSpace.Size, prototype.ActionSpace, 8, new Rng(2));
        var tasks = prototype.Find<ITaskEnv>()!.SampleTasks(5, new Rng(6));
        var (rngA, rngB) = (new Rng(12), new Rng(12));
        var actual = TrialSampler.Run(policy, [.. Enumerable.Range(0, 5).Select(_ => make())], tasks, rngA, maxSteps);
        var expected = SamplerReference.Trials(policy, [.. Enumerable.Range(0, 5).Select(_ => make())], tasks, rngB, maxSteps);
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.Observations, actual.Observations);
        Assert.Equal(expected.Actions, actual.Actions);
        Assert.Equal(expected.LogProbs, actual.LogProbs);
        Assert.Equal(expected.Values, actual.Values);
        Assert.Equal(expected.Rewards, actual.Rewards);
        Assert.Equal(expected.Valid, actual.Valid);
        for (int b = 0; b < 5; b++) { Assert.Equal(expected.EpisodeReturns[b], actual.EpisodeReturns[b]); }
        Assert.Equal(rngB.NextULong(), rngA.NextULong());
    }

    [Fact]
    public void Trial_sampler_marks_the_rows_of_finished_trials_invalid_and_their_rewards_zero()
    {
        var make = () => EnvRegistry.MakeTrial("GridNav-v0", Settings("size=5,max_steps=12,episodes=2"));
        var prototype = make();
        var policy = new Rl2Policy(prototype.ObservationSpace.Size, prototype.ActionSpace, 8, new Rng(2));
        var tasks = prototype.Find<ITaskEnv>()!.SampleTasks(5, new Rng(6));
        var batch = TrialSampler.Run(policy, [.. Enumerable.Range(0, 5).Select(_ => make())], tasks, new Rng(12), 1000);
        var lengths = Enumerable.Range(0, 5).Select(b => Enumerable.Range(0, batch.Steps).Count(t => batch.Valid[t * 5 + b] == 1)).ToArray();
        Assert.True(lengths.Distinct().Count() > 1, "the trials should end at different steps");
        for (int b = 0; b < 5; b++)
        {
            for (int t = lengths[b]; t < batch.Steps; t++)
            {
                Assert.Equal(0f, batch.Valid[t * 5 + b]);
                Assert.Equal(0f, batch.Rewards[t * 5 + b]);
            }
        }
    }
}
