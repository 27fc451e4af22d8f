using System.Text.Json;

namespace MetaRL.Tests.Cli;

public sealed class MetaCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-meta-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static (int Code, string Out, string Err) Run(params string[] args) => TestSupport.CliRun.Run(args);

    private static readonly string[] TinyMaml =
        ["--set", "max_steps=8", "--set", "meta_batch_size=2", "--set", "episodes_per_task=2", "--set", "hidden=[8]", "--set", "pretrain_iterations=1", "--set", "checkpoint_every=1"];

    [Fact]
    public void Meta_train_then_meta_eval_writes_the_table_with_every_method()
    {
        string dir = Path.Combine(_root, "maml");
        var train = Run(["meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--seed", "3", "--out", dir, "--set", "iterations=2", .. TinyMaml]);
        Assert.True(train.Code == 0, train.Err);
        foreach (var f in new[] { "config.yaml", "metrics.jsonl", "summary.json", "checkpoints/2/model.safetensors", "pretrained.safetensors" })
        {
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        }
        var eval = Run("meta-eval", "--run", dir, "--tasks", "3", "--steps", "0,1", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        using var doc = JsonDocument.Parse(eval.Out);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        var methods = rows.Select(r => r.GetProperty("method").GetString()!).Distinct().ToArray();
        Assert.Equal(["maml", "pretrained", "random-init", "random", "oracle"], methods);
        Assert.Equal([0, 1], rows.Where(r => r.GetProperty("method").GetString() == "maml").Select(r => r.GetProperty("steps").GetInt32()));
        Assert.All(rows, r => Assert.Equal(3, r.GetProperty("n").GetInt32()));
        var oracle = rows.Single(r => r.GetProperty("method").GetString() == "oracle").GetProperty("mean").GetDouble();
        var maml0 = rows.First(r => r.GetProperty("method").GetString() == "maml").GetProperty("mean").GetDouble();
        Assert.True(oracle > maml0, $"oracle {oracle} should beat an untrained policy {maml0}");
        Assert.Equal(eval.Out.Trim(), File.ReadAllText(Path.Combine(dir, "meta_eval.json")).Trim());

        string adapted = Path.Combine(_root, "adapted");
        var adapt = Run("adapt", "--run", dir, "--task-seed", "4", "--steps", "2", "--out", adapted);
        Assert.True(adapt.Code == 0, adapt.Err);
        Assert.True(File.Exists(Path.Combine(adapted, "policy.safetensors")));
        using var a = JsonDocument.Parse(File.ReadAllText(Path.Combine(adapted, "adapt.json")));
        Assert.Equal(3, a.RootElement.GetProperty("returns").GetArrayLength());
    }

    [Fact]
    public void Resuming_a_stopped_run_ends_with_the_same_weights_as_an_uninterrupted_one()
    {
        string whole = Path.Combine(_root, "whole"), parts = Path.Combine(_root, "parts");
        Assert.Equal(0, Run(["meta-train", "--algo", "reptile", "--env", "PointNav2D-v0", "--out", whole, "--set", "iterations=3", "--set", "inner_steps=2", "--set", "meta_batch_size=2", .. TinyMaml[2..]]).Code);
        Assert.Equal(0, Run(["meta-train", "--algo", "reptile", "--env", "PointNav2D-v0", "--out", parts, "--set", "iterations=2", "--set", "inner_steps=2", "--set", "meta_batch_size=2", .. TinyMaml[2..]]).Code);
        string[] before = [.. File.ReadAllLines(Path.Combine(parts, "metrics.jsonl")).Where(l => l.Contains("meta/return_post", StringComparison.Ordinal))];
        var resumed = Run("meta-train", "--out", parts, "--resume", "--set", "iterations=3");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "checkpoints/3/model.safetensors")), File.ReadAllBytes(Path.Combine(parts, "checkpoints/3/model.safetensors")));
        string[] after = [.. File.ReadAllLines(Path.Combine(parts, "metrics.jsonl")).Where(l => l.Contains("meta/return_post", StringComparison.Ordinal))];
        Assert.Equal(3, after.Length);
        Assert.Equal(before, after[..2]); // kept as written, wall time included: the run went on, it did not start over
    }

    [Fact]
    public void Training_on_a_finished_rl2_run_with_new_settings_anneals_the_new_step_size_from_the_checkpoint()
    {
        string dir = Path.Combine(_root, "rl2-cont");
        string[] tiny = ["--set", "arms=3", "--set", "pulls=5", "--set", "trials_per_iteration=8", "--set", "hidden_size=8", "--set", "anneal_lr=true"];
        Assert.Equal(0, Run(["meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--out", dir, "--set", "iterations=2", "--set", "learning_rate=0.001", .. tiny]).Code);
        var more = Run("meta-train", "--out", dir, "--resume", "--set", "iterations=4", "--set", "learning_rate=0.002");
        Assert.True(more.Code == 0, more.Err);
        var rates = new Dictionary<long, double>();
        foreach (var line in File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            if (e.GetProperty("tag").GetString() == "charts/learning_rate") { rates.Add(e.GetProperty("step").GetInt64(), e.GetProperty("value").GetDouble()); }
        }
        Assert.Equal([0, 1, 2, 3], rates.Keys.Order());
        Assert.Equal(0.001 * (1 - 1 / 2.0), rates[1], 12);
        Assert.Equal(0.002 * (1 - 2 / 4.0), rates[2], 12);
        Assert.Equal(0.002 * (1 - 3 / 4.0), rates[3], 12);
        Assert.Contains("learning_rate: 0.002", File.ReadAllText(Path.Combine(dir, "config.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Rl2_meta_eval_reports_trial_totals_beside_the_bandit_baselines()
    {
        string dir = Path.Combine(_root, "rl2");
        var train = Run("meta-train", "--algo", "rl2", "--env", "Bandit-v0", "--set", "arms=3", "--set", "pulls=5", "--out", dir,
            "--set", "iterations=1", "--set", "trials_per_iteration=8", "--set", "hidden_size=8");
        Assert.True(train.Code == 0, train.Err);
        var eval = Run("meta-eval", "--run", dir, "--tasks", "20", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        using var doc = JsonDocument.Parse(eval.Out);
        var all = doc.RootElement.GetProperty("rows").EnumerateArray().ToArray();
        static string KindOf(JsonElement r) => r.TryGetProperty("kind", out var k) ? k.GetString()! : "steps";
        // The trial totals (the paper's table); the per-episode rows are the rl2 and random-init trials' own.
        var rows = all.Where(r => KindOf(r) == "trial_total").ToArray();
        Assert.Equal(["rl2", "random-init"], all.Where(r => KindOf(r) == "episode").Select(r => r.GetProperty("method").GetString()!));
        var methods = rows.Select(r => r.GetProperty("method").GetString()!).ToArray();
        Assert.Equal(["rl2", "random-init", "random", "greedy", "epsilon-greedy", "ucb1", "thompson", "gittins", "oracle"], methods);
        Assert.All(rows, r => Assert.Equal(1, r.GetProperty("steps").GetInt32()));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("mean").GetDouble(), 0, 5));
        // --greedy changes the rl2 and random-init rows only (the classical baselines run as before).
        var greedy = Run("meta-eval", "--run", dir, "--tasks", "20", "--json", "--greedy");
        Assert.True(greedy.Code == 0, greedy.Err);
        using var gdoc = JsonDocument.Parse(greedy.Out);
        var grows = gdoc.RootElement.GetProperty("rows").EnumerateArray().Where(r => KindOf(r) == "trial_total").ToArray();
        Assert.Equal(methods, grows.Select(r => r.GetProperty("method").GetString()!).ToArray());
        Assert.NotEqual(rows[0].GetProperty("mean").GetDouble(), grows[0].GetProperty("mean").GetDouble());
        Assert.Equal(rows[2..].Select(r => r.GetProperty("mean").GetDouble()), grows[2..].Select(r => r.GetProperty("mean").GetDouble()));
    }

    [Fact]
    public void Rl2_with_time_features_adapts_and_evaluates_on_the_same_wider_observation()
    {
        string dir = Path.Combine(_root, "rl2-time");
        var train = Run("meta-train", "--algo", "rl2", "--env", "TabularMDP-v0", "--set", "states=3", "--set", "actions=2", "--set", "horizon=3",
            "--set", "episodes=2", "--out", dir, "--set", "iterations=1", "--set", "trials_per_iteration=4", "--set", "hidden_size=8", "--set", "time_features=true");
        Assert.True(train.Code == 0, train.Err);
        string adapted = Path.Combine(_root, "adapted-time");
        var adapt = Run("adapt", "--run", dir, "--task-seed", "2", "--episodes", "2", "--out", adapted);
        Assert.True(adapt.Code == 0, adapt.Err);
        using (var a = JsonDocument.Parse(File.ReadAllText(Path.Combine(adapted, "adapt.json"))))
        {
            Assert.Equal(2, a.RootElement.GetProperty("returns").GetArrayLength());
        }
        var eval = Run("meta-eval", "--run", dir, "--tasks", "6", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        using var doc = JsonDocument.Parse(eval.Out);
        Assert.Contains(doc.RootElement.GetProperty("rows").EnumerateArray(), r => r.GetProperty("method").GetString() == "rl2" && r.GetProperty("steps").GetInt32() == 2);
    }

    [Fact]
    public void Rl2_with_the_belief_loss_logs_it_and_its_run_adapts_and_evaluates()
    {
        string dir = Path.Combine(_root, "rl2-belief");
        var train = Run("meta-train", "--algo", "rl2", "--env", "TabularMDP-v0", "--set", "states=3", "--set", "actions=2", "--set", "horizon=3",
            "--set", "episodes=2", "--out", dir, "--set", "iterations=2", "--set", "trials_per_iteration=4", "--set", "hidden_size=8", "--set", "belief_coef=0.5");
        Assert.True(train.Code == 0, train.Err);
        Assert.Equal(2, File.ReadLines(Path.Combine(dir, "metrics.jsonl")).Count(l => l.Contains("\"losses/belief_loss\"", StringComparison.Ordinal)));
        var adapt = Run("adapt", "--run", dir, "--task-seed", "2", "--episodes", "2", "--out", Path.Combine(_root, "adapted-belief"));
        Assert.True(adapt.Code == 0, adapt.Err);
        var eval = Run("meta-eval", "--run", dir, "--tasks", "6", "--json");
        Assert.True(eval.Code == 0, eval.Err);
        var cartPole = Run("meta-train", "--algo", "rl2", "--env", "CartPoleMeta-v0", "--out", Path.Combine(_root, "rl2-belief-cartpole"), "--set", "belief_coef=1");
        Assert.NotEqual(0, cartPole.Code);
        Assert.Contains("belief_coef", cartPole.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", cartPole.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Greedy_meta_eval_of_a_gradient_based_run_is_a_user_error()
    {
        string dir = Path.Combine(_root, "maml-greedy");
        var train = Run(["meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--out", dir, "--set", "iterations=1", .. TinyMaml]);
        Assert.True(train.Code == 0, train.Err);
        var eval = Run("meta-eval", "--run", dir, "--tasks", "2", "--greedy");
        Assert.Equal(2, eval.Code);
        Assert.Contains("greedy evaluation applies to trial-based learners", eval.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--set", "inner_learning_rat=0.1", "did you mean 'inner_learning_rate'")]
    [InlineData("--set", "iterations=-1", "iterations must be at least 0")]
    [InlineData("--set", "arms=5", "unknown key 'arms'")]
    public void Bad_settings_are_rejected_in_one_line_with_exit_code_2(string flag, string value, string message)
    {
        var r = Run("meta-train", "--algo", "maml", "--env", "PointNav2D-v0", "--out", Path.Combine(_root, "bad"), flag, value);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.Single(r.Err.Trim().Split('\n'));
    }

    [Fact]
    public void Meta_eval_of_a_directory_without_a_run_is_a_user_error()
    {
        Directory.CreateDirectory(_root);
        var r = Run("meta-eval", "--run", _root, "--tasks", "2");
        Assert.Equal(2, r.Code);
        Assert.Contains("holds no meta-training or pretraining run (no config.yaml)", r.Err, StringComparison.Ordinal);
    }
}
