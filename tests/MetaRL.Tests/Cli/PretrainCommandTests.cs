using System.Text.Json;

namespace MetaRL.Tests.Cli;

public sealed class PretrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-pretrain-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => TestSupport.CliRun.Run(args);

    private static readonly string[] Bandit = ["--set", "env=Bandit-v0", "--set", "arms=3", "--set", "pulls=8"];

    private static readonly string[] Tiny =
    [
        .. Bandit, "--set", "context=8", "--set", "n_layer=1", "--set", "n_head=1",
        "--set", "d_model=8", "--set", "d_ff=16", "--set", "data_tasks=80", "--set", "val_tasks=16", "--set", "batch_size=8",
        "--set", "warmup_steps=2", "--set", "checkpoint_every=5",
    ];

    [Fact]
    public void Pretrain_then_meta_eval_prints_dpt_beside_the_bandit_baselines_and_writes_the_regret_curves()
    {
        string dir = Path.Combine(_root, "dpt");
        var train = Run(["pretrain", "--algo", "dpt", "--out", dir, "--set", "iterations=6", .. Tiny]);
        Assert.True(train.Code == 0, train.Err + train.Out);
        Assert.Contains("Done: 6 iterations", train.Out, StringComparison.Ordinal);
        foreach (var f in new[] { "config.yaml", "metrics.jsonl", "summary.json", "checkpoints/6/model.safetensors", "checkpoints/5/optimizer.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        Assert.Contains("\"losses/val\"", File.ReadAllText(Path.Combine(dir, "metrics.jsonl")), StringComparison.Ordinal);
        Assert.DoesNotContain("pretrain_iterations", File.ReadAllText(Path.Combine(dir, "config.yaml")), StringComparison.Ordinal);

        var table = Run("meta-eval", "--run", dir, "--tasks", "5");
        Assert.True(table.Code == 0, table.Err);
        foreach (var method in new[] { "dpt", "thompson", "ucb1", "greedy", "random", "oracle" })
        {
            Assert.Matches($"(?m)^{method} +[0-9]", table.Out);
        }
        Assert.Contains("cumulative regret after 8 steps", table.Out, StringComparison.Ordinal);

        var json = Run("meta-eval", "--run", dir, "--tasks", "5", "--json");
        Assert.True(json.Code == 0, json.Err);
        using var doc = JsonDocument.Parse(json.Out);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        string Kind(JsonElement r) => r.TryGetProperty("kind", out var k) ? k.GetString()! : "steps";
        var totals = rows.Where(r => Kind(r) == "trial_total").ToDictionary(r => r.GetProperty("method").GetString()!, r => r.GetProperty("mean").GetDouble());
        Assert.Contains("dpt", totals.Keys);
        Assert.True(totals["oracle"] >= totals["random"], "the oracle's total is at least random's");
        var regret = rows.Where(r => Kind(r) == "regret_step").ToArray();
        Assert.Equal(["dpt", "thompson", "ucb1", "greedy", "random"], regret.Select(r => r.GetProperty("method").GetString()!).Distinct());
        Assert.All(regret.GroupBy(r => r.GetProperty("method").GetString()), g =>
        {
            var curve = g.OrderBy(r => r.GetProperty("steps").GetInt32()).Select(r => r.GetProperty("mean").GetDouble()).ToArray();
            Assert.Equal(8, curve.Length);
            Assert.True(curve.Zip(curve.Skip(1)).All(p => p.Second >= p.First - 1e-9), "cumulative regret never falls");
        });
        Assert.Equal(json.Out.Trim(), File.ReadAllText(Path.Combine(dir, "meta_eval.json")).Trim());

        string adapted = Path.Combine(_root, "adapted");
        var adapt = Run("adapt", "--run", dir, "--task-seed", "0", "--out", adapted);
        Assert.True(adapt.Code == 0, adapt.Err);
        Assert.True(File.Exists(Path.Combine(adapted, "context.safetensors")));
    }

    [Fact]
    public void A_config_file_generates_its_data_into_the_run_and_data_dir_trains_on_a_pretrain_data_folder_instead()
    {
        Directory.CreateDirectory(_root);
        string config = Path.Combine(_root, "dpt-tiny.yaml");
        File.WriteAllText(config, "algo: dpt\nenv: Bandit-v0\narms: 3\npulls: 8\ndata_tasks: 80\nbehaviour: dirichlet\ncontext: 8\nn_layer: 1\nn_head: 1\n"
            + "d_model: 8\nd_ff: 16\nval_tasks: 16\nbatch_size: 8\niterations: 4\nwarmup_steps: 1\n");
        string own = Path.Combine(_root, "own");
        var first = Run("pretrain", config, "--out", own);
        Assert.True(first.Code == 0, first.Err + first.Out);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(own, "data", "dataset.json"))))
        {
            Assert.Equal(80, manifest.RootElement.GetProperty("tasks").GetInt32());
            Assert.Equal("8", manifest.RootElement.GetProperty("options").GetProperty("context").GetString());
            Assert.Equal("3", manifest.RootElement.GetProperty("settings").GetProperty("arms").GetString());
        }
        byte[] written = File.ReadAllBytes(Path.Combine(own, "data", "data-00000.arrow"));
        var again = Run("pretrain", config, "--out", own, "--overwrite");
        Assert.True(again.Code == 0, again.Err + again.Out);
        Assert.Contains("reusing the 80 rows", again.Out, StringComparison.Ordinal);
        Assert.Equal(written, File.ReadAllBytes(Path.Combine(own, "data", "data-00000.arrow")));

        string data = Path.Combine(_root, "dataset");
        Assert.Equal(0, Run("pretrain-data", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=8", "--set", "context=8", "--tasks", "40", "--source", "dpt", "--out", data).Code);
        string other = Path.Combine(_root, "other");
        var given = Run("pretrain", config, "--data", data, "--out", other);
        Assert.True(given.Code == 0, given.Err + given.Out);
        Assert.False(Directory.Exists(Path.Combine(other, "data")), "a run given --data generates nothing");
        Assert.Contains("40 rows of 8 transitions", given.Out, StringComparison.Ordinal);

        string mismatch = Path.Combine(_root, "mismatch");
        var refused = Run("pretrain", config, "--data", data, "--set", "arms=4", "--out", mismatch);
        Assert.True(refused.Code == 2, refused.Err + refused.Out);
        Assert.Contains("arms=3", refused.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(mismatch));
    }

    [Theory]
    [InlineData("unknown key", new[] { "--set", "n_layers=2" }, "n_layer")]
    [InlineData("meta-trained algorithm", new[] { "--algo", "maml" }, "meta-train")]
    [InlineData("meta-training key", new[] { "--set", "pretrain_iterations=3" }, "does not apply to dpt")]
    [InlineData("validation rows not held out", new[] { "--set", "val_tasks=80" }, "val_tasks")]
    [InlineData("heads not dividing the width", new[] { "--set", "n_head=3" }, "n_head")]
    [InlineData("warm-up as long as the run", new[] { "--set", "warmup_steps=6" }, "warmup_steps")]
    [InlineData("a dataset folder", new[] { "--data", "no-such-dataset" }, "no-such-dataset")]
    public void Bad_input_is_one_line_and_exit_code_2(string what, string[] args, string named)
    {
        string dir = Path.Combine(_root, "bad");
        var result = Run(["pretrain", "--out", dir, "--set", "iterations=6", .. Tiny, .. args]);
        Assert.True(result.Code == 2, $"{what}: exit {result.Code}, {result.Err}{result.Out}");
        Assert.Contains(named, result.Err, StringComparison.Ordinal);
        Assert.Single(result.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir), $"{what}: nothing is written for a run that cannot start");
    }

    [Theory]
    [InlineData("PointNav2D-v0", "dpt needs discrete actions")]
    [InlineData("CartPoleMeta-v0", "CartPoleMeta-v0 has no oracle")]
    [InlineData("TabularMDP-v0", "depend on the episode step")]
    public void A_family_dpt_cannot_generate_rows_for_is_exit_code_2(string family, string message)
    {
        string dir = Path.Combine(_root, "family");
        var result = Run(["pretrain", "--out", dir, "--env", family, "--set", "iterations=6", .. Tiny[Bandit.Length..]]);
        Assert.True(result.Code == 2, $"exit {result.Code}, {result.Err}{result.Out}");
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing is written for a run that cannot start");
    }

    [Fact]
    public void A_run_that_diverges_stops_naming_the_iteration_and_the_tensor()
    {
        string dir = Path.Combine(_root, "diverged");
        var result = Run(["pretrain", "--out", dir, "--set", "iterations=6", .. Tiny, "--set", "warmup_steps=0", "--set", "learning_rate=1e300", "--set", "min_learning_rate=1e300"]);
        Assert.True(result.Code == 1, result.Err + result.Out);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.Equal("diverged", summary.RootElement.GetProperty("status").GetString());
        Assert.Matches("step [0-9]+", summary.RootElement.GetProperty("error").GetString()!);
        Assert.Contains("Stopped:", result.Out, StringComparison.Ordinal);
    }
}
