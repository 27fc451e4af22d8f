using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Serialization;
using MetaRL.Statistics;
using MetaRL.Tracking;

namespace MetaRL.Tests.Tracking;

/// <summary>The one run layer: override order, summary, checkpoints and metrics truncation shared by every command.</summary>
public sealed class RunLayerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-runlayer-" + Guid.NewGuid().ToString("N"));

    public RunLayerTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static (int Code, string Err) Cli(params string[] args)
    {
        var error = new StringWriter();
        int code = CliApp.Run(args, new StringWriter(), error);
        return (code, error.ToString());
    }

    private static readonly string[] TinyReptile =
        ["--algo", "reptile", "--env", "PointNav2D-v0", "--set", "max_steps=8", "--set", "meta_batch_size=2", "--set", "episodes_per_task=2", "--set", "hidden=[8]", "--set", "pretrain_iterations=0"];

    private string Write(string name, string text)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Train_and_meta_train_apply_file_then_set_then_explicit_options()
    {
        string train = Write("train.yaml", "algo: ppo\nseed: 3\ntotal_steps: 512\nnum_steps: 128\n");
        string meta = Write("meta.yaml", "algo: maml\nenv: PointNav2D-v0\nseed: 3\niterations: 1\nmeta_batch_size: 2\nepisodes_per_task: 2\nhidden: [8]\npretrain_iterations: 0\nmax_steps: 8\n");
        foreach (var (command, file, name) in new[] { ("train", train, "t"), ("meta-train", meta, "m") })
        {
            string both = Path.Combine(_root, name + "-both"), setOnly = Path.Combine(_root, name + "-set");
            var a = Cli(command, file, "--set", "seed=5", "--seed", "7", "--out", both);
            Assert.True(a.Code == 0, a.Err);
            var b = Cli(command, file, "--set", "seed=5", "--out", setOnly);
            Assert.True(b.Code == 0, b.Err);
            Assert.Equal("7", new RunDirectory(both).ConfigValue("seed"));
            Assert.Equal("5", new RunDirectory(setOnly).ConfigValue("seed"));
        }
    }

    [Fact]
    public void A_meta_run_in_the_old_single_checkpoint_layout_still_evaluates_and_resumes()
    {
        string dir = Path.Combine(_root, "old");
        string whole = Path.Combine(_root, "whole");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", whole, "--set", "iterations=3"]).Code);
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=2"]).Code);
        // Rewrite the checkpoint as runs before the shared store kept it: checkpoints/{model,optimizer}.safetensors and state.json.
        var run = new RunDirectory(dir);
        string newest = run.Checkpoints.Newest()!;
        foreach (var f in Directory.GetFiles(newest, "*.safetensors").Where(f => !f.EndsWith(CheckpointStore.State, StringComparison.Ordinal)))
        {
            File.Move(f, Path.Combine(run.CheckpointsPath, Path.GetFileName(f)));
        }
        var state = CheckpointStore.Read(newest, CheckpointStore.State);
        File.WriteAllText(Path.Combine(run.CheckpointsPath, "state.json"),
            $"{{\"iteration\": {state["run.iteration"][0]}, \"env_steps\": {state["run.env_steps"][0]}, \"wall_seconds\": 1.5, \"selector\": []}}");
        foreach (var d in Directory.GetDirectories(run.CheckpointsPath)) { Directory.Delete(d, recursive: true); }

        var eval = Cli("meta-eval", "--run", dir, "--tasks", "2", "--steps", "0", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        var resumed = Cli("meta-train", "--out", dir, "--resume", "--set", "iterations=3");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal(3, File.ReadAllLines(run.MetricsPath).Count(l => l.Contains("meta/return_post", StringComparison.Ordinal)));
        Assert.Equal(RunSummary.Completed, RunSummary.Load(run.SummaryPath).Status);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "checkpoints", "3", CheckpointStore.Model)), File.ReadAllBytes(Path.Combine(dir, "checkpoints", "3", CheckpointStore.Model)));
    }

    [Fact]
    public void A_run_without_any_checkpoint_is_a_clear_error_for_meta_eval()
    {
        string dir = Path.Combine(_root, "empty");
        new RunDirectory(dir).WriteConfig("algo: maml\nenv: PointNav2D-v0\n");
        var eval = Cli("meta-eval", "--run", dir, "--tasks", "2");
        Assert.Equal(2, eval.Code);
        Assert.Contains("has no checkpoint", eval.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", eval.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_round_trips_with_non_finite_figures_as_strings_and_unset_fields_left_out()
    {
        string path = Path.Combine(_root, "summary.json");
        var s = new RunSummary { Algo = "ppo", Env = "CartPole-v1", Seed = 2, Status = RunSummary.Diverged, TotalSteps = 10, FinalReturnMean = double.NaN, StepsPerSecond = double.PositiveInfinity };
        s.Save(path);
        var root = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
        Assert.Equal("NaN", root.GetProperty("final_return_mean").GetString());
        Assert.False(root.TryGetProperty("episodes", out _));
        var back = RunSummary.Load(path);
        Assert.Equal(s with { FinalReturnMean = back.FinalReturnMean }, back);
        Assert.True(double.IsNaN(back.FinalReturnMean!.Value));
        Assert.Equal(10, back.Numeric("total_steps"));
        Assert.Empty(Directory.GetFiles(_root, "*.tmp"));
    }

    [Fact]
    public void Checkpoint_store_keeps_the_newest_three_and_names_folders_by_step()
    {
        var store = new CheckpointStore(Path.Combine(_root, "checkpoints"));
        foreach (long step in new long[] { 5, 20, 10, 40 })
        {
            store.Save(step, new Dictionary<string, Dictionary<string, MetaRL.Tensors.Tensor>> { [CheckpointStore.State] = new() { ["x"] = CheckpointStore.Scalar(step) } });
        }
        Assert.Equal([40L, 20L, 10L], store.Steps());
        Assert.Equal(40.0, CheckpointStore.Read(store.Newest()!, CheckpointStore.State)["x"][0]);
        Assert.Empty(Directory.GetDirectories(store.Folder, ".*"));
    }

    [Fact]
    public void Metrics_truncation_keeps_lines_before_the_step()
    {
        string path = Write("metrics.jsonl", "{\"tag\":\"a\",\"step\":1,\"value\":1}\n{\"tag\":\"a\",\"step\":2,\"value\":2}\n{\"tag\":\"a\",\"step\":3,\"value\":3}\nnot json\n");
        MetricsTruncation.KeepBefore(path, 3);
        Assert.Equal(["{\"tag\":\"a\",\"step\":1,\"value\":1}", "{\"tag\":\"a\",\"step\":2,\"value\":2}"], File.ReadAllLines(path));
    }

    [Fact]
    public void Mean_interval_matches_a_naive_reference()
    {
        double[] xs = [1.5, -2.25, 3.0, 7.75, 0.0];
        double mean = 0;
        foreach (var x in xs) { mean += x / xs.Length; }
        double ss = 0;
        foreach (var x in xs) { ss += (x - mean) * (x - mean); }
        double half = 1.96 * Math.Sqrt(ss / (xs.Length - 1)) / Math.Sqrt(xs.Length);
        var m = MeanInterval.Of(xs);
        Assert.Equal(mean, m.Mean, 12);
        Assert.Equal(half, m.HalfWidth, 12);
        Assert.Equal(0, MeanInterval.Of([4.0]).HalfWidth);
        Assert.True(double.IsNaN(MeanInterval.Of([]).Mean));
    }

    [Fact]
    public void Atomic_file_replaces_the_target_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_root, "sub", "a.txt");
        AtomicFile.WriteText(path, "one");
        AtomicFile.WriteText(path, "two");
        Assert.Equal("two", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Meta_train_into_an_existing_run_without_resume_is_refused_like_train()
    {
        string dir = Path.Combine(_root, "twice");
        string[] args = ["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=1"];
        Assert.Equal(0, Cli(args).Code);
        var again = Cli(args);
        Assert.Equal(2, again.Code);
        Assert.Contains("already holds a run; pass --resume", again.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_restart_in_an_old_meta_run_folder_drops_its_checkpoints_so_none_is_mistaken_for_the_new_run()
    {
        string dir = Path.Combine(_root, "restart");
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", dir, "--set", "iterations=3", "--set", "checkpoint_every=1"]).Code);
        var setup = MetaRL.Learning.Meta.MetaSetup.Parse(new MetaRL.Learning.ConfigLayers().File(new RunDirectory(dir).ConfigPath).Set(["iterations=1"]).Pairs);
        // A library restart over an existing run must say so: without overwrite the run layer refuses it.
        Assert.Throws<RunConflictException>(() => new MetaRL.Learning.Meta.MetaTrainer(setup, dir).Run(resume: false));
        new MetaRL.Learning.Meta.MetaTrainer(setup, dir).Run(resume: false, overwrite: true);
        Assert.Equal([1L], new RunDirectory(dir).Checkpoints.Steps());
        Assert.Single(File.ReadAllLines(new RunDirectory(dir).MetricsPath), l => l.Contains("meta/return_post", StringComparison.Ordinal));
    }

    [Fact]
    public void Meta_eval_on_a_single_task_run_and_evaluate_on_a_meta_run_name_the_kind_of_run()
    {
        string ppo = Path.Combine(_root, "ppo"), meta = Path.Combine(_root, "meta");
        Assert.Equal(0, Cli("train", "--algo", "ppo", "--set", "total_steps=512", "--set", "num_steps=128", "--out", ppo).Code);
        Assert.Equal(0, Cli(["meta-train", .. TinyReptile, "--out", meta, "--set", "iterations=1"]).Code);
        var a = Cli("meta-eval", "--run", ppo, "--tasks", "2");
        Assert.Equal(2, a.Code);
        Assert.Contains("is a single-task run (algo ppo)", a.Err, StringComparison.Ordinal);
        var b = Cli("evaluate", "--run", meta);
        Assert.Equal(2, b.Code);
        Assert.Contains("is a meta-training run (algo reptile)", b.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Meta_eval_rows_with_a_non_finite_figure_read_back_as_written()
    {
        string path = Path.Combine(_root, "meta_eval.json");
        MetaEvalRow.Save(path, [new MetaEvalRow("maml", 0, double.NaN, double.NaN, 1), new MetaEvalRow("maml", 1, -2.5, 0.25, 3)]);
        var rows = MetaEvalRow.Load(path);
        Assert.True(double.IsNaN(rows[0].Mean));
        Assert.True(double.IsNaN(rows[0].Ci95));
        Assert.Equal(new MetaEvalRow("maml", 1, -2.5, 0.25, 3), rows[1]);
    }

    [Fact]
    public void Meta_eval_row_kinds_round_trip_and_gradient_rows_are_written_as_before()
    {
        string path = Path.Combine(_root, "meta_eval.json");
        MetaEvalRow[] rows =
        [
            new("maml", 1, -2.5, 0.25, 3),
            new("rl2", 2, 11.5, 0.5, 40, MetaEvalRow.TrialTotal),
            new("rl2", 2, 6.5, 0.4, 40, MetaEvalRow.EpisodeReturn),
        ];
        MetaEvalRow.Save(path, rows);
        Assert.Equal(rows, MetaEvalRow.Load(path));
        Assert.StartsWith("{\"rows\":[{\"method\":\"maml\",\"steps\":1,\"mean\":-2.5,\"ci95\":0.25,\"n\":3},", File.ReadAllText(path), StringComparison.Ordinal);
        File.WriteAllText(path, "{\"rows\":[{\"method\":\"rl2\",\"steps\":1,\"mean\":1,\"ci95\":0,\"n\":1,\"kind\":\"per_pull\"}]}");
        var ex = Assert.Throws<RunFormatException>(() => MetaEvalRow.Load(path));
        Assert.Contains("\"kind\" must be one of", ex.Message, StringComparison.Ordinal);
    }
}
