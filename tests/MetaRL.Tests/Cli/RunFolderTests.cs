using System.Globalization;
using MetaRL.Cli;
using MetaRL.Tracking;

namespace MetaRL.Tests.Cli;

/// <summary>
/// Work is never lost or mixed: resuming drops what was logged after the checkpoint from every stream, a resume
/// with nothing to resume from starts over and says so, and every command that writes into a folder (tune, adapt,
/// meta-eval, --overwrite) goes through the run layer's refusal and lock.
/// </summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("metarl-runfolder-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string name) => Path.Combine(_root, name);

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static readonly string[] TinyReptile =
        ["--algo", "reptile", "--env", "PointNav2D-v0", "--set", "max_steps=8", "--set", "meta_batch_size=2", "--set", "episodes_per_task=2", "--set", "hidden=[8]", "--set", "pretrain_iterations=0"];

    /// <summary>Every event-file scalar of a run as tag@step=value, in stream order (wall times differ between runs).</summary>
    private static string[] Events(string dir) =>
        [.. RunScalars.Load(dir).Series.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SelectMany(kv => kv.Value.Select(p => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}@{p.Step}={p.Value}")))];

    [Fact]
    public void Resuming_from_an_older_checkpoint_drops_the_later_events_so_tensorboard_reads_as_an_uninterrupted_run()
    {
        string[] common = ["--env", "CartPole-v1", "--seed", "4", "--set", "total_steps=4096", "--set", "num_steps=64", "--set", "checkpoint_every=1024"];
        Assert.Equal(0, Cli(["train", "--out", Dir("whole"), .. common]).Code);
        Assert.Equal(0, Cli(["train", "--out", Dir("cut"), .. common]).Code);
        // As if killed right after the checkpoint at 2048: later checkpoints gone, metrics and events logged to the end.
        var cut = new RunDirectory(Dir("cut"));
        foreach (long step in cut.Checkpoints.Steps().Where(s => s > 2048))
        {
            Directory.Delete(Path.Combine(cut.CheckpointsPath, step.ToString(CultureInfo.InvariantCulture)), recursive: true);
        }
        var resumed = Cli("train", "--out", cut.Root, "--resume");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("resuming from the checkpoint at step 2,048", resumed.Out, StringComparison.Ordinal);
        Assert.True(RunScalars.EventFiles(cut.Root).Length >= 1);
        Assert.Equal(Events(Dir("whole")), Events(cut.Root));
        Assert.Equal(File.ReadAllLines(new RunDirectory(Dir("whole")).MetricsPath).Length, File.ReadAllLines(cut.MetricsPath).Length);
    }

    [Fact]
    public void Resume_without_any_checkpoint_starts_over_says_so_and_keeps_nothing_of_the_earlier_session()
    {
        string[] common = ["--env", "CartPole-v1", "--seed", "5", "--set", "total_steps=1024", "--set", "num_steps=64"];
        Assert.Equal(0, Cli(["train", "--out", Dir("fresh"), .. common]).Code);
        Assert.Equal(0, Cli(["train", "--out", Dir("lost"), .. common]).Code);
        var lost = new RunDirectory(Dir("lost"));
        Directory.Delete(lost.CheckpointsPath, recursive: true); // killed before its first checkpoint
        var resumed = Cli("train", "--out", lost.Root, "--resume");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Single(resumed.Out.Split('\n'), l => l.Contains("no checkpoint to resume from", StringComparison.Ordinal) && l.Contains("starting over from step 0", StringComparison.Ordinal));
        Assert.DoesNotContain("resuming from", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(Events(Dir("fresh")), Events(lost.Root));
        Assert.Equal(File.ReadAllLines(new RunDirectory(Dir("fresh")).MetricsPath).Length, File.ReadAllLines(lost.MetricsPath).Length);
        Assert.Equal(RunSummary.Completed, lost.Summary!.Status);
    }

    [Fact]
    public void Meta_train_resume_without_any_checkpoint_starts_over_and_says_so()
    {
        string dir = Dir("meta");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=2"]).Code);
        var run = new RunDirectory(dir);
        Directory.Delete(run.CheckpointsPath, recursive: true);
        var resumed = Cli("meta-train", "--out", dir, "--resume");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Contains("no checkpoint to resume from", resumed.Out, StringComparison.Ordinal);
        Assert.Equal([0L, 1L], RunScalars.Load(dir).Series["meta/return_post"].Select(p => p.Step));
    }

    [Fact]
    public void Overwrite_replaces_an_existing_run_and_cannot_be_combined_with_resume()
    {
        string dir = Dir("over");
        Assert.Equal(0, Cli("train", "--out", dir, "--set", "total_steps=512", "--set", "num_steps=128").Code);
        Assert.Equal(0, Cli("train", "--out", dir, "--set", "total_steps=1024", "--set", "num_steps=128", "--overwrite").Code);
        var run = new RunDirectory(dir);
        Assert.Equal(1024, run.Summary!.TotalSteps);
        Assert.Single(RunScalars.EventFiles(dir));
        Assert.Equal([1024L], run.Checkpoints.Steps());
        var both = Cli("train", "--out", dir, "--resume", "--overwrite");
        Assert.Equal(2, both.Code);
        Assert.Contains("give one of them", both.Err, StringComparison.Ordinal);

        // meta-train --overwrite replaces even a single-task run; without it the run is refused.
        Assert.Equal(2, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=1"]).Code);
        var meta = Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=1", "--overwrite"]);
        Assert.True(meta.Code == 0, meta.Err);
        Assert.Equal("reptile", new RunDirectory(dir).ConfigValue("algo"));
        Assert.Equal([1L], new RunDirectory(dir).Checkpoints.Steps());
    }

    [Fact]
    public void Meta_eval_of_a_run_that_another_writer_holds_is_refused_and_adapt_will_not_write_into_a_run()
    {
        string dir = Dir("eval");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=1"]).Code);
        using (new RunDirectory(dir).Lock())
        {
            var eval = Cli("meta-eval", "--run", dir, "--tasks", "2", "--steps", "0");
            Assert.Equal(2, eval.Code);
            Assert.Contains("is in use by another writer", eval.Err, StringComparison.Ordinal);
        }
        Assert.False(File.Exists(new RunDirectory(dir).MetaEvalPath));
        var ok = Cli("meta-eval", "--run", dir, "--tasks", "2", "--steps", "0");
        Assert.True(ok.Code == 0, ok.Err);
        Assert.False(File.Exists(new RunDirectory(dir).LockPath));

        var adapt = Cli("adapt", "--run", dir, "--task-seed", "3", "--out", dir);
        Assert.Equal(2, adapt.Code);
        Assert.Contains("holds a run", adapt.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "policy.safetensors")));
        var elsewhere = Cli("adapt", "--run", dir, "--task-seed", "3", "--out", Dir("adapted"));
        Assert.True(elsewhere.Code == 0, elsewhere.Err);
        Assert.False(File.Exists(Path.Combine(Dir("adapted"), RunLock.FileName)));
    }

    [Fact]
    public void An_in_memory_study_refuses_the_trial_runs_of_an_earlier_study_unless_overwrite()
    {
        string study = Path.Combine(_root, "study.yaml");
        File.WriteAllText(study, """
            config: {algo: ppo, env: CartPole-v1, seed: 3, total_steps: 512, num_envs: 4, num_steps: 128}
            metric: final_return_mean
            search_space: {learning_rate: {type: float, low: 1.0e-4, high: 1.0e-3}}

            """ + "runs_dir: " + Dir("trials") + "\n");
        var first = Cli("tune", study, "--trials", "1", "--sampler", "random");
        Assert.True(first.Code == 0, first.Out + first.Err);
        var trial = new RunDirectory(Path.Combine(Dir("trials"), "trial-0000"));
        DateTime written = File.GetLastWriteTimeUtc(trial.SummaryPath);
        var again = Cli("tune", study, "--trials", "1", "--sampler", "random");
        Assert.Equal(2, again.Code);
        Assert.Contains("holds 1 run(s) of an earlier study", again.Err, StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(trial.SummaryPath));
        using (RunLock.Acquire(Dir("trials")))
        {
            var busy = Cli("tune", study, "--trials", "1", "--sampler", "random", "--overwrite");
            Assert.Equal(2, busy.Code);
            Assert.Contains("is in use by another writer", busy.Err, StringComparison.Ordinal);
        }
        var replaced = Cli("tune", study, "--trials", "1", "--sampler", "random", "--overwrite");
        Assert.True(replaced.Code == 0, replaced.Out + replaced.Err);
        Assert.Equal(RunSummary.Completed, new RunDirectory(trial.Root).Summary!.Status);
        Assert.False(File.Exists(Path.Combine(Dir("trials"), RunLock.FileName)));
    }
}
