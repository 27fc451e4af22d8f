using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Memory;
using MetaRL.Nn;
using MetaRL.Random;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// Absurd sizes are refused before anything is built: every config resolution and the evaluation and adaptation counts
/// go through one guard, <see cref="MemoryLimit.Check"/>, against a lower-bound <see cref="MemoryEstimate"/>; the message
/// names the key, the estimate and the variable that raises the limit.
/// </summary>
public sealed class MemoryGuardTests : IClassFixture<TinyMetaRun>, IDisposable
{
    private readonly TinyMetaRun _meta;
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-memory-").FullName;

    public MemoryGuardTests(TinyMetaRun meta) => _meta = meta;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Out(string name) => Path.Combine(_root, name);

    [Theory]
    [InlineData("ppo", "hidden=[1000000000]", "'hidden'")]
    [InlineData("ppo", "hidden=[100000, 100000]", "'hidden'")]
    [InlineData("a2c", "num_envs=2147483647;total_steps=1e11", "'num_envs × num_steps'")]
    [InlineData("dqn", "buffer_size=2000000000", "'buffer_size'")]
    [InlineData("q_learning", "max_states=2000000000", "'max_states'")]
    [InlineData("recurrent_ppo", "gru_hidden=1e9", "'gru_hidden'")]
    public void Absurd_single_task_sizes_are_refused_naming_the_key_before_a_run_folder_exists(string algo, string assignment, string key)
    {
        string[] sets = [.. assignment.Split(';').SelectMany(a => new[] { "--set", a })];
        CliCall.Run(["train", "--algo", algo, "--env", "CartPole-v1", .. sets, "--out", Out(algo)])
            .IsUserError(key, "of memory, above the limit of", MemoryLimit.Variable);
        Assert.False(Directory.Exists(Out(algo)));
    }

    [Theory]
    [InlineData("maml", "hidden=[1000000000]", "'hidden'")]
    [InlineData("rl2", "hidden_size=1e9", "'hidden_size'")]
    [InlineData("reptile", "episodes_per_task=2147483647", "'episodes_per_task'")]
    [InlineData("maml", "train_tasks=2147483647", "'train_tasks'")]
    public void Absurd_meta_sizes_are_refused_before_anything_is_allocated(string algo, string assignment, string key)
    {
        string env = algo == "rl2" ? "Bandit-v0" : "PointNav2D-v0";
        var before = GC.GetAllocatedBytesForCurrentThread();
        CliCall.Run("meta-train", "--algo", algo, "--env", env, "--set", assignment, "--out", Out(algo)).IsUserError(key, MemoryLimit.Variable);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 500_000_000, "the refusal came after a large allocation");
        Assert.False(Directory.Exists(Out(algo)));
    }

    [Fact]
    public void Evaluation_and_adaptation_counts_are_checked_by_the_same_guard()
    {
        CliCall.Run("meta-eval", "--run", _meta.Dir, "--tasks", "2147483647").IsUserError("'tasks'", MemoryLimit.Variable);
        CliCall.Run("meta-eval", "--run", _meta.Dir, "--tasks", "2", "--episodes", "2147483647").IsUserError("'episodes'");
        CliCall.Run("adapt", "--run", _meta.Dir, "--task-seed", "1", "--episodes", "2147483647", "--out", Out("adapted")).IsUserError("'episodes'");
        Assert.False(Directory.Exists(Out("adapted")));
        string single = Out("single");
        Assert.Equal(0, CliCall.Run("train", "--set", "total_steps=64", "--set", "num_steps=16", "--out", single).Code);
        CliCall.Run("evaluate", "--run", single, "--episodes", "2147483647").IsUserError("'episodes'");
    }

    [Fact]
    public void The_limit_is_8_gb_or_the_machines_memory_and_the_variable_overrides_it()
    {
        Assert.Equal(8, MemoryLimit.Parse(null, availableBytes: 64e9).Gigabytes);
        Assert.Equal(4, MemoryLimit.Parse("", availableBytes: 4e9).Gigabytes);
        var raised = MemoryLimit.Parse("300", availableBytes: 4e9);
        Assert.Equal(300, raised.Gigabytes);
        Assert.True(raised.FromVariable);
        foreach (var bad in new[] { "abc", "0", "-3", "NaN", "Infinity" })
        {
            Assert.Contains(MemoryLimit.Variable, Assert.Throws<MemoryLimitException>(() => MemoryLimit.Parse(bad, 8e9)).Message, StringComparison.Ordinal);
        }

        // 10⁹ hidden units on CartPole: actor 7·10⁹ and critic 6·10⁹ parameters, × 4 copies × 4 bytes = 208 GB.
        var huge = new PpoOptions { Hidden = [1_000_000_000] }.EstimateMemory(new ModelShape(4, 2));
        var refused = Assert.Throws<MemoryLimitException>(() => new MemoryLimit(8).Check(huge));
        Assert.Contains("'hidden' gives 1.3e10 parameters held 4 times (weights, gradients and Adam's two moments) = 208.0 GB", refused.Message, StringComparison.Ordinal);
        Assert.Contains("above the limit of 8 GB", refused.Message, StringComparison.Ordinal);
        new MemoryLimit(300, fromVariable: true).Check(huge); // overridable: the same settings pass a higher limit
        new MemoryLimit(8).Check(new PpoOptions().EstimateMemory(new ModelShape(4, 2))); // the defaults pass
    }

    /// <summary>The estimate is a lower bound: it never counts more parameters than the networks the learners build.</summary>
    [Fact]
    public void Parameter_estimates_match_or_stay_below_the_networks_the_learners_build()
    {
        var rng = new Rng(1);
        var cartPole = new ModelShape(4, 2);
        var ppo = new PpoOptions { Hidden = [64, 32] };
        Assert.Equal(new MlpActorCritic(4, new Discrete(2), ppo.Hidden, Activation.Tanh, rng).ParameterCount, ppo.EstimateMemory(cartPole).ParameterCount);

        var recurrent = new RecurrentPpoOptions { GruHidden = 16 };
        Assert.Equal(new GruActorCritic(4, new Discrete(2), 16, rng).ParameterCount, recurrent.EstimateMemory(cartPole).ParameterCount);

        var box = new Box([-1f, -1f], [1f, 1f]);
        var maml = new MamlOptions { Hidden = [100, 100] };
        Assert.Equal(new MlpPolicy(2, box, maml.Hidden, rng).ParameterCount, maml.EstimateMemory(new ModelShape(2, 2)).ParameterCount);

        // RL²'s trial inputs are the observation plus the previous action, reward and done flag: the estimate counts fewer.
        foreach (var cell in Enum.GetValues<RecurrentCell>())
        {
            var rl2 = new Rl2Options { HiddenSize = 32, HeadHidden = 8, Cell = cell, SeparateCritic = true };
            double estimated = rl2.EstimateMemory(new ModelShape(3, 5)).ParameterCount;
            int built = new Rl2Policy(3 + 5 + 2, new Discrete(5), 32, rng, separateCritic: true, cell: cell, headHidden: 8).ParameterCount;
            Assert.InRange(estimated, 0.8 * built, built);
        }
    }
}
