using System.Runtime.CompilerServices;
using System.Text.Json;
using MetaRL.Cli;

namespace MetaRL.Tests.Golden;

/// <summary>
/// Behaviour pins recorded before the spine refactor (issue 23): each run's <c>metrics.jsonl</c> without
/// <c>wall_s</c>, and every trial of two tuning studies, must stay identical to the files under
/// <c>Golden/Expected</c>. Set <c>METARL_GOLDEN_WRITE=1</c> to re-record them (only for a change that is meant
/// to alter results, named in the commit).
/// </summary>
public sealed class GoldenRunTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-golden-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private static string Samples([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples", "configs"));

    private static string ExpectedPath(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Expected", name);

    private string RunCli(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        Assert.True(code == 0, $"metarl {string.Join(' ', args)} exited {code}: {error}");
        return output.ToString();
    }

    /// <summary>Each metrics line as tag, step and value (raw JSON); wall-clock time and the throughput tag,
    /// which depend on the machine, dropped.</summary>
    private static string MetricsWithoutWallTime(string runDir) =>
        string.Join('\n', File.ReadAllLines(Path.Combine(runDir, "metrics.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("tag").GetString() != "meta/steps_per_sec")
            .Select(e => $"{e.GetProperty("tag").GetString()} {e.GetProperty("step").GetInt64()} {e.GetProperty("value").GetRawText()}")) + "\n";

    private static void AssertGolden(string name, string actual)
    {
        string path = ExpectedPath(name);
        if (Environment.GetEnvironmentVariable("METARL_GOLDEN_WRITE") == "1")
        {
            File.WriteAllText(path, actual);
            Assert.Fail($"{name} re-recorded; run again without METARL_GOLDEN_WRITE to check it");
        }
        string expected = File.ReadAllText(path);
        if (expected == actual) { return; }
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int first = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
        Assert.Fail($"{name} differs from the golden file at line {first + 1} ({e.Length} vs {a.Length} lines):\n expected: {(first < e.Length ? e[first] : "<end>")}\n actual:   {(first < a.Length ? a[first] : "<end>")}");
    }

    private string Dir(string name) => Path.Combine(_root, name);

    [Fact]
    public void Ppo_cartpole_seed_1_metrics_are_unchanged()
    {
        RunCli("train", "--algo", "ppo", "--env", "CartPole-v1", "--seed", "1", "--set", "total_steps=20000", "--out", Dir("ppo"));
        AssertGolden("ppo-cartpole-s1.txt", MetricsWithoutWallTime(Dir("ppo")));
    }

    [Fact]
    public void Dqn_cartpole_seed_1_metrics_are_unchanged()
    {
        RunCli("train", "--algo", "dqn", "--env", "CartPole-v1", "--seed", "1", "--set", "total_steps=20000", "--out", Dir("dqn"));
        AssertGolden("dqn-cartpole-s1.txt", MetricsWithoutWallTime(Dir("dqn")));
    }

    [Fact]
    public void Recurrent_ppo_cartpole_seed_1_metrics_are_unchanged()
    {
        RunCli("train", "--algo", "recurrent_ppo", "--env", "CartPole-v1", "--seed", "1", "--set", "total_steps=10000", "--out", Dir("recurrent_ppo"));
        AssertGolden("recurrent-ppo-cartpole-s1.txt", MetricsWithoutWallTime(Dir("recurrent_ppo")));
    }

    [Fact]
    public void Maml_pointnav_sample_config_metrics_are_unchanged()
    {
        RunCli("meta-train", Path.Combine(Samples(), "meta-maml-pointnav.yaml"), "--set", "iterations=5", "--out", Dir("maml"), "--quiet");
        AssertGolden("maml-pointnav-s1.txt", MetricsWithoutWallTime(Dir("maml")));
    }

    [Fact]
    public void Rl2_bandit_sample_config_metrics_are_unchanged()
    {
        RunCli("meta-train", Path.Combine(Samples(), "meta-rl2-bandit.yaml"), "--set", "iterations=5", "--out", Dir("rl2"), "--quiet");
        AssertGolden("rl2-bandit-s1.txt", MetricsWithoutWallTime(Dir("rl2")));
    }

    [Theory]
    [InlineData("branin", "cmaes")]
    [InlineData("hartmann6", "tpe")]
    public void Thirty_trial_tune_results_are_unchanged(string objective, string sampler)
    {
        Directory.CreateDirectory(_root);
        string storage = "sqlite:" + Path.Combine(_root, $"{sampler}.db");
        RunCli("tune", "--objective", objective, "--sampler", sampler, "--trials", "30", "--seed", "1", "--storage", storage, "--json");
        var study = JsonDocument.Parse(RunCli("tune", "show", "--storage", storage, "--json")).RootElement;
        var lines = study.GetProperty("trials").EnumerateArray().Select(t =>
            $"{t.GetProperty("number").GetInt32()} {t.GetProperty("state").GetString()} {t.GetProperty("value").GetRawText()} {t.GetProperty("params").GetRawText()}");
        AssertGolden($"tune-{objective}-{sampler}-s1.txt",
            $"best {study.GetProperty("best_trial").GetInt32()} {study.GetProperty("best_value").GetRawText()}\n" + string.Join('\n', lines) + "\n");
    }
}
