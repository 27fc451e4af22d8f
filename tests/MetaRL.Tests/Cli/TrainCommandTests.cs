using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Serialization;

namespace MetaRL.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-train-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string Dir(string name) => Path.Combine(_root, name);

    private static string[] MetricValues(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => $"{e.GetProperty("tag").GetString()}@{e.GetProperty("step").GetInt64()}={e.GetProperty("value").GetRawText()}")
            .ToArray();

    private static Dictionary<string, float[]> Model(string dir)
    {
        var newest = Directory.GetDirectories(Path.Combine(dir, "checkpoints")).OrderByDescending(d => long.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).First();
        return SafeTensors.Load(Path.Combine(newest, "model.safetensors")).Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.ToFloatArray());
    }

    [Fact]
    public void Unknown_key_is_rejected_with_exit_2_and_the_nearest_key_suggested()
    {
        var (code, _, err) = Run("train", "--out", Dir("a"), "--set", "learning_rat=1e-3");
        Assert.Equal(2, code);
        Assert.Contains("'learning_rat'", err, StringComparison.Ordinal);
        Assert.Contains("did you mean 'learning_rate'", err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Dir("a"), "checkpoints")));
    }

    /// <summary>Regression: a PPO budget below one rollout passed the config check and crashed with a stack trace when
    /// the algorithm was built.</summary>
    [Fact]
    public void Total_steps_below_one_rollout_is_rejected_with_exit_2_not_a_stack_trace()
    {
        var (code, _, err) = Run("train", "--out", Dir("tiny"), "--set", "total_steps=100");
        Assert.Equal(2, code);
        Assert.Contains("total_steps must be at least num_envs × num_steps", err, StringComparison.Ordinal);
        Assert.DoesNotContain(" at MetaRL.", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_counts_towards_the_steps_the_run_takes_whole_rollouts_of_total_steps()
    {
        var (code, output, _) = Run("train", "--out", Dir("budget"), "--set", "total_steps=700");
        Assert.Equal(0, code);
        Assert.Contains("(seed 1, 512 steps)", output, StringComparison.Ordinal);
        Assert.Contains("step       512/512", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_of_the_wrong_type_is_rejected_naming_the_key()
    {
        var (code, _, err) = Run("train", "--out", Dir("b"), "--set", "num_envs=four");
        Assert.Equal(2, code);
        Assert.Contains("'num_envs' must be an integer", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_in_a_yaml_config_is_rejected()
    {
        Directory.CreateDirectory(_root);
        var yaml = Path.Combine(_root, "c.yaml");
        File.WriteAllText(yaml, "algo: ppo\nenv: CartPole-v1\ntotal_step: 1000\n");
        var (code, _, err) = Run("train", yaml, "--out", Dir("c"));
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'total_steps'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_twice_gives_identical_metrics_and_stop_then_resume_matches_an_uninterrupted_run()
    {
        string[] common = ["--env", "CartPole-v1", "--seed", "3", "--set", "total_steps=4096", "--set", "num_steps=64"];
        Assert.Equal(0, Run(["train", "--out", Dir("full1"), .. common]).Code);
        Assert.Equal(0, Run(["train", "--out", Dir("full2"), .. common]).Code);
        Assert.Equal(MetricValues(Dir("full1")), MetricValues(Dir("full2")));

        var first = Run(["train", "--out", Dir("split"), "--stop-at", "2048", .. common]);
        Assert.Equal(0, first.Code);
        Assert.Contains("Interrupted at step 2,048", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, Run("train", "--out", Dir("split"), "--resume").Code);

        Assert.Equal(MetricValues(Dir("full1")), MetricValues(Dir("split")));
        var expected = Model(Dir("full1"));
        foreach (var (name, values) in Model(Dir("split"))) { Assert.Equal(expected[name], values); }
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir("split"), "summary.json"))).RootElement;
        Assert.Equal("completed", summary.GetProperty("status").GetString());
        Assert.Equal(4096, summary.GetProperty("total_steps").GetInt64());
    }

    [Fact]
    public void Evaluate_prints_a_table_and_json_for_a_trained_run()
    {
        Assert.Equal(0, Run("train", "--out", Dir("e"), "--set", "total_steps=1024").Code);
        var (code, output, _) = Run("evaluate", "--run", Dir("e"), "--episodes", "3");
        Assert.Equal(0, code);
        Assert.Contains("95% CI", output, StringComparison.Ordinal);
        var (jcode, json, _) = Run("evaluate", "--run", Dir("e"), "--episodes", "3", "--json");
        Assert.Equal(0, jcode);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(3, doc.GetProperty("returns").GetArrayLength());
        Assert.True(doc.GetProperty("mean_return").GetDouble() >= 1);
    }

    [Fact]
    public void Training_leaves_a_tensorboard_event_file_with_the_same_episode_returns_as_metrics_jsonl()
    {
        Assert.Equal(0, Run("train", "--out", Dir("tb"), "--set", "total_steps=2048").Code);
        var file = Assert.Single(Directory.GetFiles(Dir("tb"), "events.out.tfevents.*"));
        Assert.Matches(@"events\.out\.tfevents\.\d{10}\.", Path.GetFileName(file));
        var contents = MetaRL.Tracking.TensorBoard.EventFileReader.Read(file);
        Assert.Empty(contents.Problems);
        Assert.Equal("brain.Event:2", contents.Events[0].FileVersion);
        var fromEvents = contents.Scalars("episode/return").Select(p => $"{p.Step}={(float)p.Value}").ToArray();
        var fromJsonl = MetricValues(Dir("tb")).Where(v => v.StartsWith("episode/return@", StringComparison.Ordinal))
            .Select(v => v["episode/return@".Length..].Split('='))
            .Select(kv => $"{kv[0]}={(float)double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture)}").ToArray();
        Assert.NotEmpty(fromJsonl);
        Assert.Equal(fromJsonl, fromEvents);
    }

    [Fact]
    public void Training_into_an_existing_run_without_resume_is_refused()
    {
        Assert.Equal(0, Run("train", "--out", Dir("d"), "--set", "total_steps=512").Code);
        var (code, _, err) = Run("train", "--out", Dir("d"), "--set", "total_steps=512");
        Assert.Equal(2, code);
        Assert.Contains("--resume", err, StringComparison.Ordinal);
    }
}
