using MetaRL.Envs;
using MetaRL.Memory;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// Environment and family settings that size memory (arms, states, grid sides, episodes per trial) go through the same
/// guard as the learners' sizes: <see cref="EnvRegistry.Make"/> checks each environment's <see cref="EnvFootprint"/>
/// before its factory runs, and the learning layer multiplies it by the environments, tasks and trial steps a run holds.
/// Every command that builds environments refuses absurd settings in one line naming the setting, exit 2, before a run
/// folder or a large allocation exists.
/// </summary>
public sealed class EnvSizeGuardTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-envsize-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Out(string name) => Path.Combine(_root, name);

    private static void RefusedWithoutAllocating(string[] args, string key)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        CliCall.Run(args).IsUserError(key, "of memory, above the limit of", MemoryLimit.Variable);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 500_000_000, "the refusal came after a large allocation");
    }

    [Theory]
    [InlineData("envs check Bandit-v0 --set arms=2147483647", "'arms'")]
    [InlineData("envs check TabularMDP-v0 --set states=10000 --set actions=10000", "'states'")]
    [InlineData("envs check GridNav-v0 --set size=46340", "'size'")]
    [InlineData("envs check DarkRoom-v0 --set size=46340", "'size'")]
    [InlineData("baselines TabularMDP-v0 --set states=10000 --set actions=10000", "'trials × states'")] // 1,000 trial tasks sampled up front
    [InlineData("baselines Bandit-v0 --set arms=2147483647 --trials 2", "'trials × arms'")]
    public void Commands_without_an_output_refuse_absurd_environment_settings(string command, string key) =>
        RefusedWithoutAllocating(command.Split(' '), key);

    [Theory]
    [InlineData("train --algo q_learning --env TabularMDP-v0 --set states=5000 --set actions=100", "'states'")]
    [InlineData("train --env GridNav-v0 --set size=20000", "'num_envs × size'")] // 2 GB each, 4 environments
    [InlineData("meta-train --algo maml --env Bandit-v0 --set arms=100000 --set train_tasks=1000000", "'train_tasks × arms'")]
    [InlineData("meta-train --algo rl2 --env Bandit-v0 --set episodes=1000", "'trials_per_iteration × episodes × pulls'")]
    [InlineData("meta-train --algo rl2 --env Bandit-v0 --set episodes=2147483647", "'trials_per_iteration × max_trial_steps'")]
    [InlineData("meta-train --algo rl2 --env DarkRoom-v0 --set size=46340", "'size'")]
    [InlineData("pretrain --env TabularMDP-v0 --set states=5000 --set actions=100", "'states'")]
    [InlineData("pretrain-data --env DarkRoom-v0 --set size=46340 --source dpt --tasks 1", "'size'")]
    public void Commands_that_write_refuse_absurd_environment_settings_before_their_folder_exists(string command, string key)
    {
        string target = Out("target");
        RefusedWithoutAllocating([.. command.Split(' '), "--out", target], key);
        Assert.False(Directory.Exists(target));
    }

    /// <summary>evaluate, meta-eval and adapt rebuild the environment from the run's config.yaml: an absurd setting there
    /// is refused the same way, and nothing is written.</summary>
    [Fact]
    public void Runs_whose_config_holds_absurd_environment_settings_are_refused_by_evaluate_meta_eval_and_adapt()
    {
        string meta = Out("rl2");
        Assert.Equal(0, CliCall.Run("meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--set", "iterations=1", "--set", "trials_per_iteration=2",
            "--set", "num_minibatches=1", "--set", "hidden_size=4", "--set", "pulls=5", "--out", meta, "--quiet").Code);
        string config = Path.Combine(meta, "config.yaml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("env.arms: 5", "env.arms: 2147483647", StringComparison.Ordinal));
        RefusedWithoutAllocating(["meta-eval", "--run", meta, "--tasks", "2"], "'arms'");
        RefusedWithoutAllocating(["adapt", "--run", meta, "--task-seed", "1", "--out", Out("adapted")], "'arms'");
        Assert.False(Directory.Exists(Out("adapted")));

        string single = Out("ppo");
        Assert.Equal(0, CliCall.Run("train", "--env", "Bandit-v0", "--set", "total_steps=64", "--set", "num_steps=16", "--out", single, "--quiet").Code);
        config = Path.Combine(single, "config.yaml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("arms: 5", "arms: 2147483647", StringComparison.Ordinal));
        RefusedWithoutAllocating(["evaluate", "--run", single], "'arms'");
    }

    /// <summary>The footprint is a lower bound: building an environment and sampling a task allocates at least as much as it
    /// says (so the guard never refuses what would fit), and a limit above it lets the same settings through.</summary>
    [Theory]
    [InlineData("Bandit-v0", "arms", "200000")]
    [InlineData("TabularMDP-v0", "states", "300")]
    [InlineData("GridNav-v0", "size", "300")]
    [InlineData("DarkRoom-v0", "size", "300")]
    public void The_footprint_is_a_lower_bound_and_a_higher_limit_lets_it_through(string id, string key, string value)
    {
        var settings = new Dictionary<string, string> { [key] = value };
        var footprint = EnvRegistry.Footprint(id, settings);
        Assert.True(footprint.Environment.Bytes > 100_000, $"{id}: {footprint.Environment.Bytes} bytes counted");
        Assert.All(footprint.Environment.Items, i => Assert.Equal(key, i.Key));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var env = EnvRegistry.Make(id, settings);
        env.Reset(new float[env.ObservationSpace.Size], seed: 1);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before >= footprint.Environment.Bytes,
            $"{id}: built with {GC.GetAllocatedBytesForCurrentThread() - before} bytes, estimated {footprint.Environment.Bytes}");

        var refused = Assert.Throws<MemoryLimitException>(() => new MemoryLimit(footprint.Environment.Bytes / 2e9).Check(footprint.Environment));
        Assert.Contains($"'{key}'", refused.Message, StringComparison.Ordinal);
        new MemoryLimit(footprint.Environment.Bytes * 2 / 1e9, fromVariable: true).Check(footprint.Environment);
    }
}
