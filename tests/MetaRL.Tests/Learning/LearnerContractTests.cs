using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning;

/// <summary>The single-task side of the learner contract: the budget the options give, the registry row that builds
/// and evaluates, and <c>evaluate</c>'s checkpoint path through that row.</summary>
public sealed class LearnerContractTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-contract-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static TrainConfig Config(params (string, string)[] values) => TrainConfig.Resolve(values);

    [Theory]
    [InlineData("ppo", 1536)] // 4 envs × 128 steps: three whole rollouts
    [InlineData("recurrent_ppo", 1536)]
    [InlineData("a2c", 2000)] // 8 envs × 5 steps divides 2000
    [InlineData("dqn", 2000)]
    [InlineData("reinforce", 2000)]
    [InlineData("q_learning", 2000)]
    public void The_options_budget_is_the_step_count_the_algorithm_runs_to(string algo, long expected)
    {
        var cfg = Config(("algo", algo), ("total_steps", "2000"));
        Assert.Equal(TrainingBudget.Steps(expected), cfg.Options.Budget);
        Assert.Equal(expected, TrainingRun.Build(cfg).TotalSteps);
    }

    [Fact]
    public void An_on_policy_run_stops_exactly_at_its_budget()
    {
        var cfg = Config(("algo", "ppo"), ("total_steps", "1100"));
        var algorithm = TrainingRun.Build(cfg);
        Assert.Equal(TrainOutcome.Completed, algorithm.Train(new TrainContext(new MemorySink())));
        Assert.Equal(1024, algorithm.GlobalStep);
        Assert.Equal(cfg.Options.Budget.Amount, algorithm.GlobalStep);
    }

    /// <summary>Regression: PPO checked <c>total_steps ≥ num_envs × num_steps</c> only when the algorithm was built, so
    /// <c>train --set total_steps=100</c> crashed with a stack trace after the config had been accepted.</summary>
    [Fact]
    public void Ppo_total_steps_below_one_rollout_is_a_config_error()
    {
        var ex = Assert.Throws<ConfigException>(() => Config(("algo", "ppo"), ("total_steps", "100")));
        Assert.Contains("total_steps must be at least num_envs × num_steps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_meta_setup_budget_is_its_iterations_and_budgets_read_with_their_unit()
    {
        var setup = MetaSetup.Parse([("algo", "maml"), ("env", "PointNav2D-v0"), ("iterations", "1200")]);
        Assert.Equal(TrainingBudget.Iterations(1200), setup.Budget);
        Assert.Equal("1,200 iterations", setup.Budget.ToString());
        Assert.Equal("19,968 steps", Config(("algo", "ppo"), ("total_steps", "20000")).Options.Budget.ToString());
        Assert.Equal(TrainingBudget.Steps(1000), TrainingBudget.WholeRollouts(1023, 8, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingBudget.WholeRollouts(1000, 0, 5));
    }

    [Fact]
    public void A_row_refuses_options_of_another_algorithm()
    {
        var envs = new EnvBatch([EnvRegistry.Make("CartPole-v1")], 1);
        var ex = Assert.Throws<ArgumentException>(() => AlgorithmRegistry.Describe("ppo").Create(new DqnOptions(), envs, new Rng(1)));
        Assert.Contains("PpoOptions", ex.Message, StringComparison.Ordinal);
        Assert.False(AlgorithmRegistry.Describe("dqn").SupportsActions(new Box([-1f], [1f])));
        Assert.True(AlgorithmRegistry.Describe("ppo").SupportsActions(new Box([-1f], [1f])));
    }

    [Fact]
    public void Evaluate_restores_the_newest_checkpoint_and_evaluates_it_through_the_algorithms_row()
    {
        var cfg = Config(("algo", "ppo"), ("total_steps", "1024"), ("norm_obs", "true"));
        var run = new RunDirectory(Path.Combine(_root, "ppo"));
        var trained = TrainingRun.Execute(cfg, run, resume: false).Algorithm;

        var evaluation = CheckpointEvaluation.Run(run, 4, 99);

        Assert.Equal("1024", evaluation.Step);
        Assert.Equal("ppo", evaluation.Config.Algorithm.Name);
        var inMemory = cfg.Algorithm.Evaluate(cfg, trained, 4, 99);
        Assert.Equal(inMemory.Returns, evaluation.Result.Returns);
        Assert.Equal(Evaluation.Run(trained, cfg.CreateEnv(), 4, 99).Returns, inMemory.Returns);
        Assert.Equal(inMemory.Returns.Average(), evaluation.Result.Mean, 12);
        Assert.True(evaluation.Result.Ci95Low <= evaluation.Result.Mean && evaluation.Result.Mean <= evaluation.Result.Ci95High);
    }

    [Fact]
    public void Evaluate_names_a_run_without_a_checkpoint()
    {
        var run = new RunDirectory(Path.Combine(_root, "empty"));
        Directory.CreateDirectory(run.Root);
        run.WriteConfig(Config(("algo", "ppo"), ("total_steps", "1024")).ToYaml());
        var ex = Assert.Throws<RunFormatException>(() => CheckpointEvaluation.Run(run, 3, 1));
        Assert.Contains("has no checkpoint to evaluate", ex.Message, StringComparison.Ordinal);
    }
}
