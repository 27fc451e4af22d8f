using MetaRL.Learning;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning;

/// <summary>The training context's early-stopping hook (how a tuning study prunes a trial), against Ctrl-C-like interruption.</summary>
public sealed class EarlyStoppingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-earlystop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrainConfig Tiny() =>
        TrainConfig.Resolve([("algo", "ppo"), ("env", "CartPole-v1"), ("seed", "3"), ("total_steps", "2048"), ("num_envs", "4"), ("num_steps", "128")]);

    private sealed class StopFrom(long step) : IEarlyStopping
    {
        public List<long> Seen { get; } = [];

        public bool ShouldStop(Algorithm algorithm, TrainContext context)
        {
            Seen.Add(algorithm.GlobalStep);
            return algorithm.GlobalStep >= step;
        }
    }

    [Fact]
    public void An_early_stopped_run_ends_at_that_iteration_and_writes_no_checkpoint()
    {
        var run = new RunDirectory(Path.Combine(_dir, "pruned"));
        var hook = new StopFrom(1024);
        var result = TrainingRun.Execute(Tiny(), run, resume: false, earlyStopping: hook);
        Assert.Equal([512, 1024], hook.Seen.ToArray());
        Assert.Equal("interrupted", result.Summary.Status);
        Assert.Equal(1024, result.Summary.TotalSteps);
        Assert.Null(result.Checkpoint);
        Assert.Null(run.Checkpoints.Newest());
    }

    [Fact]
    public void An_interrupted_run_still_writes_its_checkpoint_when_the_hook_lets_it_run()
    {
        var run = new RunDirectory(Path.Combine(_dir, "stopped"));
        var result = TrainingRun.Execute(Tiny(), run, resume: false, stopAtStep: 1024, earlyStopping: new StopFrom(long.MaxValue));
        Assert.Equal("interrupted", result.Summary.Status);
        Assert.NotNull(result.Checkpoint);
        Assert.Equal(result.Checkpoint, run.Checkpoints.Newest());
    }

    [Fact]
    public void The_hook_ends_training_through_any_context_not_only_the_run_layers()
    {
        var algorithm = TrainingRun.Build(Tiny());
        var hook = new StopFrom(512);
        var outcome = algorithm.Train(new TrainContext(new MemorySink()) { EarlyStopping = hook });
        Assert.Equal(TrainOutcome.Pruned, outcome);
        Assert.Equal(512, algorithm.GlobalStep);
    }

    [Fact]
    public void A_pruned_run_at_a_checkpoint_boundary_leaves_no_periodic_checkpoint()
    {
        var config = TrainConfig.Resolve([("algo", "ppo"), ("env", "CartPole-v1"), ("seed", "3"), ("total_steps", "2048"), ("num_envs", "4"), ("num_steps", "128"), ("checkpoint_every", "1024")]);
        var run = new RunDirectory(Path.Combine(_dir, "boundary"));
        TrainingRun.Execute(config, run, resume: false, earlyStopping: new StopFrom(1024));
        Assert.Null(run.Checkpoints.Newest());
    }
}
