using System.Globalization;
using System.Text.RegularExpressions;
using MetaRL.Cli;
using MetaRL.Learning;
using MetaRL.Learning.Meta;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Meta;

/// <summary>Meta-training that blows up stops like <c>train</c>: the meta-iteration and the tensor named, status
/// <c>diverged</c>, exit code 1, the last good checkpoint kept and nothing non-finite checkpointed.</summary>
public sealed partial class MetaDivergenceTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-meta-nan-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    // The meta-iteration, the tensor, and where inside the iteration when it was an inner step or an RL² minibatch.
    [GeneratedRegex(@"^non-finite value at meta-iteration (\d+) in '([^']+)'( \((inner step|PPO epoch) \d+\))?$")]
    private static partial Regex Diverged();

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static readonly string[] TinyPointNav = ["--env", "PointNav2D-v0", "--set", "max_steps=8", "--set", "episodes_per_task=2", "--set", "hidden=[8]", "--set", "pretrain_iterations=0"];

    public static TheoryData<string, string[]> Learners => new()
    {
        { "maml", ["--algo", "maml", .. TinyPointNav, "--set", "meta_batch_size=2"] },
        { "reptile", ["--algo", "reptile", .. TinyPointNav, "--set", "meta_batch_size=2"] },
        { "es", ["--algo", "es", .. TinyPointNav, "--set", "population=2"] },
        {
            "rl2", ["--algo", "rl2", "--env", "TabularMDP-v0", "--set", "episodes=3", "--set", "horizon=4", "--set", "states=3", "--set", "actions=2",
                "--set", "trials_per_iteration=8", "--set", "hidden_size=8", "--set", "num_minibatches=2"]
        },
    };

    /// <summary>The learning rate that, set absurdly high, makes each learner's parameters overflow.</summary>
    private static string AbsurdRate(string algo) => algo switch
    {
        "maml" => "outer_learning_rate=1e300",
        "reptile" => "inner_learning_rate=1e300",
        _ => "learning_rate=1e300",
    };

    [Theory]
    [MemberData(nameof(Learners))]
    public void An_absurd_learning_rate_stops_meta_train_naming_the_iteration_and_tensor_with_status_diverged(string algo, string[] tiny)
    {
        string dir = Path.Combine(_root, algo);
        // Two good iterations first, so there is a last good checkpoint to keep; then the resumed run diverges.
        var good = Cli(["meta-train", .. tiny, "--out", dir, "--set", "iterations=2", "--set", "checkpoint_every=1"]);
        Assert.True(good.Code == 0, good.Err);
        var run = new RunDirectory(dir);
        int lines = File.ReadAllLines(run.MetricsPath).Length;

        var bad = Cli("meta-train", "--out", dir, "--resume", "--set", "iterations=5", "--set", AbsurdRate(algo));

        Assert.True(bad.Code == 1, $"exit {bad.Code}: {bad.Out} {bad.Err}");
        Assert.DoesNotContain("   at ", bad.Err, StringComparison.Ordinal);
        var summary = RunSummary.Load(run.SummaryPath);
        Assert.Equal(RunSummary.Diverged, summary.Status);
        var match = Diverged().Match(summary.Error ?? "");
        Assert.True(match.Success, $"error was '{summary.Error}'");
        long iteration = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(iteration, 2, 4);
        Assert.Contains($"Stopped: {summary.Error}. The last good checkpoint is kept in ", bad.Out, StringComparison.Ordinal);
        // The newest checkpoint is the one written after the last good iteration, and holds no NaN or infinity.
        Assert.Equal(iteration, run.Checkpoints.Steps().First());
        var model = CheckpointStore.Read(run.Checkpoints.Newest()!, CheckpointStore.Model);
        Assert.All(model.Values, t => Assert.All(t.ToDoubleArray(), v => Assert.True(double.IsFinite(v))));
        // Nothing logged for the diverged iteration.
        Assert.DoesNotContain(File.ReadAllLines(run.MetricsPath).Skip(lines), l => l.Contains($"\"step\":{iteration},", StringComparison.Ordinal));
    }

    [Fact]
    public void A_meta_learner_that_diverges_in_its_first_iteration_returns_the_diverged_summary_and_writes_no_checkpoint()
    {
        string dir = Path.Combine(_root, "first");
        var setup = MetaSetup.Parse([("algo", "es"), ("env", "PointNav2D-v0"), ("max_steps", "8"), ("episodes_per_task", "2"), ("hidden", "[8]"),
            ("population", "2"), ("pretrain_iterations", "0"), ("iterations", "3"), ("learning_rate", "1e300")]);

        var result = new MetaTrainer(setup, dir).Run(resume: false);

        Assert.Equal(RunSummary.Diverged, result.Summary.Status);
        Assert.Equal(0, result.Iterations);
        Assert.Matches(Diverged(), result.Summary.Error);
        Assert.StartsWith("non-finite value at meta-iteration 0 in '", result.Summary.Error, StringComparison.Ordinal);
        Assert.Equal(result.Summary, RunSummary.Load(new RunDirectory(dir).SummaryPath));
        Assert.Empty(new RunDirectory(dir).Checkpoints.Steps());
    }

    [Fact]
    public void A_parallel_map_fails_with_the_lowest_failing_tasks_own_exception()
    {
        var ex = Assert.Throws<NonFiniteTrainingException>(() => MetaParallel.Map(8, 4, i =>
            i is 3 or 6 ? throw new NonFiniteTrainingException(i, "w", GradientAdaptation.InnerStep) : i));
        Assert.Equal(3, ex.Step);
        Assert.Equal([0, 1, 2], MetaParallel.Map(3, 4, i => i));
    }

    [Fact]
    public void An_inner_step_that_overflows_is_reported_at_its_meta_iteration()
    {
        string dir = Path.Combine(_root, "inner");
        var setup = MetaSetup.Parse([("algo", "reptile"), ("env", "PointNav2D-v0"), ("max_steps", "8"), ("episodes_per_task", "2"), ("hidden", "[8]"),
            ("meta_batch_size", "2"), ("pretrain_iterations", "0"), ("iterations", "2"), ("inner_learning_rate", "1e300")]);

        var result = new MetaTrainer(setup, dir).Run(resume: false);

        Assert.Equal(RunSummary.Diverged, result.Summary.Status);
        Assert.Matches(@"^non-finite value at meta-iteration 0 in '[^']+' \(inner step 1\)$", result.Summary.Error);
    }

    [Fact]
    public void The_check_names_a_non_finite_return_before_the_parameters_and_counts_in_the_given_unit()
    {
        var model = MetaRL.Nn.Mlp.Create([2, 3, 1], MetaRL.Nn.Activation.Tanh, new MetaRL.Random.Rng(1));
        FiniteCheck.Parameters(model, 7, FiniteCheck.MetaIteration);
        var ex = Assert.Throws<NonFiniteTrainingException>(() => FiniteCheck.Value(double.NaN, "meta/return_post", 7, FiniteCheck.MetaIteration));
        Assert.Equal("non-finite value at meta-iteration 7 in 'meta/return_post'", ex.Message);
        var (name, p) = model.NamedParameters().Last();
        p.F32[0] = float.PositiveInfinity;
        ex = Assert.Throws<NonFiniteTrainingException>(() => FiniteCheck.Parameters(model, 3));
        Assert.Equal($"non-finite value at step 3 in '{name}'", ex.Message);
        Assert.Equal(3, ex.Step);
        Assert.Equal(name, ex.TensorName);
    }
}
