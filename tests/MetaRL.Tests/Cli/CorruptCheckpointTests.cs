using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Tests.Tracking;
using MetaRL.Tracking;

namespace MetaRL.Tests.Cli;

/// <summary>
/// Damaged checkpoints through the commands: <c>--resume</c> (train and meta-train) falls back to the newest
/// checkpoint that verifies and says so, or fails with one clear line; <c>evaluate</c>, <c>meta-eval</c> and
/// <c>adapt</c> name the damaged file; checkpoints written before checksums still load.
/// </summary>
public sealed class CorruptCheckpointTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-corrupt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Dir(string name) => Path.Combine(_root, name);

    private static readonly string[] TinyPpo = ["--algo", "ppo", "--seed", "2", "--set", "total_steps=2048", "--set", "num_steps=128", "--set", "checkpoint_every=512"];

    private static readonly string[] TinyReptile =
        ["--algo", "reptile", "--env", "PointNav2D-v0", "--set", "max_steps=8", "--set", "meta_batch_size=2", "--set", "episodes_per_task=2",
         "--set", "hidden=[8]", "--set", "pretrain_iterations=0", "--set", "checkpoint_every=1"];

    private static string[] Metrics(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("tag").GetString() != "meta/steps_per_sec")
            .Select(e => $"{e.GetProperty("tag").GetString()}@{e.GetProperty("step").GetInt64()}={e.GetProperty("value").GetRawText()}")];

    private static byte[] Model(string dir, long step) => File.ReadAllBytes(Path.Combine(dir, "checkpoints", step.ToString(System.Globalization.CultureInfo.InvariantCulture), CheckpointStore.Model));

    private static string File_(string dir, long step, string file) => Path.Combine(dir, "checkpoints", step.ToString(System.Globalization.CultureInfo.InvariantCulture), file);

    private static void AssertNoTrace(string err) => Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);

    /// <summary>A PPO run stopped at step 1536 with checkpoints 512, 1024 and 1536.</summary>
    private string StoppedPpo(string name)
    {
        string dir = Dir(name);
        var stopped = Cli(["train", .. TinyPpo, "--out", dir, "--stop-at", "1536"]);
        Assert.True(stopped.Code == 0, stopped.Err);
        Assert.Equal([1536L, 1024L, 512L], new RunDirectory(dir).Checkpoints.Steps());
        return dir;
    }

    [Theory]
    [InlineData("truncated", CheckpointStore.Model)]
    [InlineData("data", CheckpointStore.Optimizer)]
    [InlineData("header", CheckpointStore.State)]
    public void Train_resume_past_a_damaged_newest_checkpoint_falls_back_and_ends_as_an_uninterrupted_run(string how, string file)
    {
        string whole = Dir("whole");
        Assert.Equal(0, Cli(["train", .. TinyPpo, "--out", whole]).Code);
        string dir = StoppedPpo("cut");
        string damaged = File_(dir, 1536, file);
        CheckpointDamage.Apply(how, damaged);

        var resumed = Cli("train", "--out", dir, "--resume");

        Assert.True(resumed.Code == 0, resumed.Err);
        string line = Assert.Single(resumed.Out.Split('\n'), l => l.Contains("skipped checkpoint", StringComparison.Ordinal));
        Assert.StartsWith($"skipped checkpoint 1536: {damaged} is damaged", line, StringComparison.Ordinal);
        Assert.EndsWith("resuming from checkpoint 1024", line.TrimEnd('\r'), StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.Combine(dir, "checkpoints", "1536.damaged")));
        Assert.Equal(Metrics(whole), Metrics(dir));
        Assert.Equal(Model(whole, 2048), Model(dir, 2048));
        Assert.Equal(RunSummary.Completed, RunSummary.Load(new RunDirectory(dir).SummaryPath).Status);
    }

    [Fact]
    public void Train_resume_with_no_checkpoint_that_verifies_is_exit_2_in_one_line()
    {
        string dir = StoppedPpo("all");
        CheckpointDamage.Truncate(File_(dir, 1536, CheckpointStore.Model));
        CheckpointDamage.FlipDataByte(File_(dir, 1024, CheckpointStore.Model));
        CheckpointDamage.FlipHeaderByte(File_(dir, 512, CheckpointStore.State));

        var resumed = Cli("train", "--out", dir, "--resume");

        Assert.Equal(2, resumed.Code);
        AssertNoTrace(resumed.Err);
        Assert.StartsWith("error: no checkpoint in ", resumed.Err, StringComparison.Ordinal);
        Assert.Single(resumed.Err.Trim().Split('\n'));
        foreach (var step in new[] { "1536", "1024", "512" }) { Assert.Contains($"checkpoint {step}: ", resumed.Err, StringComparison.Ordinal); }
        Assert.Equal([1536L, 1024L, 512L], new RunDirectory(dir).Checkpoints.Steps());
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("data")]
    [InlineData("header")]
    public void Evaluate_on_a_damaged_checkpoint_names_the_file(string how)
    {
        string dir = StoppedPpo("eval");
        string damaged = File_(dir, 1536, CheckpointStore.Model);
        CheckpointDamage.Apply(how, damaged);

        var eval = Cli("evaluate", "--run", dir, "--episodes", "1");

        Assert.Equal(2, eval.Code);
        AssertNoTrace(eval.Err);
        Assert.Contains($"{damaged} is damaged", eval.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_train_checkpoint_written_before_checksums_evaluates_and_resumes()
    {
        string whole = Dir("whole");
        Assert.Equal(0, Cli(["train", .. TinyPpo, "--out", whole]).Code);
        string dir = StoppedPpo("old");
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "checkpoints", "1536"))) { CheckpointDamage.DropChecksum(file); }

        var eval = Cli("evaluate", "--run", dir, "--episodes", "1");
        Assert.True(eval.Code == 0, eval.Err);
        var resumed = Cli("train", "--out", dir, "--resume");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.DoesNotContain("skipped", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(Model(whole, 2048), Model(dir, 2048));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("header")]
    public void Meta_train_resume_past_a_damaged_newest_checkpoint_falls_back_and_ends_as_an_uninterrupted_run(string how)
    {
        string whole = Dir("meta-whole"), dir = Dir("meta-cut");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", whole, "--set", "iterations=4"]).Code);
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=3"]).Code);
        string damaged = File_(dir, 3, CheckpointStore.Model);
        CheckpointDamage.Apply(how, damaged);

        var resumed = Cli("meta-train", "--out", dir, "--resume", "--set", "iterations=4");

        Assert.True(resumed.Code == 0, resumed.Err);
        string line = Assert.Single(resumed.Out.Split('\n'), l => l.Contains("skipped checkpoint", StringComparison.Ordinal));
        Assert.Contains($"skipped checkpoint 3: {damaged} is damaged", line, StringComparison.Ordinal);
        Assert.Contains("resumed at iteration 2", resumed.Out, StringComparison.Ordinal);
        Assert.Equal(Metrics(whole), Metrics(dir));
        Assert.Equal(Model(whole, 4), Model(dir, 4));
    }

    [Fact]
    public void Meta_train_resume_with_no_checkpoint_that_verifies_is_exit_2()
    {
        string dir = Dir("meta-none");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=1"]).Code);
        CheckpointDamage.FlipDataByte(File_(dir, 1, CheckpointStore.Model));
        var resumed = Cli("meta-train", "--out", dir, "--resume", "--set", "iterations=2");
        Assert.Equal(2, resumed.Code);
        AssertNoTrace(resumed.Err);
        Assert.Contains("can be resumed from: checkpoint 1: ", resumed.Err, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", resumed.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_eval_and_adapt_on_a_damaged_model_or_baseline_name_the_file()
    {
        string dir = Dir("meta-eval");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=1", "--set", "pretrain_iterations=1"]).Code);
        string model = File_(dir, 1, CheckpointStore.Model);
        string pretrained = new RunDirectory(dir).PretrainedPath;
        byte[] good = File.ReadAllBytes(model);
        CheckpointDamage.FlipDataByte(model);

        var eval = Cli("meta-eval", "--run", dir, "--tasks", "2", "--steps", "0");
        Assert.Equal(2, eval.Code);
        AssertNoTrace(eval.Err);
        Assert.Contains($"{model} is damaged: checksum mismatch", eval.Err, StringComparison.Ordinal);
        var adapt = Cli("adapt", "--run", dir, "--task-seed", "1", "--out", Dir("adapted"));
        Assert.Equal(2, adapt.Code);
        AssertNoTrace(adapt.Err);
        Assert.Contains($"{model} is damaged: checksum mismatch", adapt.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Dir("adapted")));

        File.WriteAllBytes(model, good);
        Assert.Equal(0, Cli("meta-eval", "--run", dir, "--tasks", "2", "--steps", "0").Code);
        CheckpointDamage.Truncate(pretrained);
        var baseline = Cli("meta-eval", "--run", dir, "--tasks", "2", "--steps", "0");
        Assert.Equal(2, baseline.Code);
        AssertNoTrace(baseline.Err);
        Assert.Contains($"{pretrained} is damaged", baseline.Err, StringComparison.Ordinal);
    }
}
