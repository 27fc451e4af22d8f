using System.Text.Json;
using MetaRL.Learning.OffPolicy;
using MetaRL.Tests.Cli.UserErrors;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl baselines RecSlate-v0 --method M --log-out FILE</c>: the decisions as a bandit log that <c>metarl ope</c> reads.</summary>
public sealed class BaselinesLogOutTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-logout-test-" + Guid.NewGuid().ToString("N"));

    public BaselinesLogOutTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void A_logged_greedy_run_has_its_epsilon_greedy_propensities_and_reads_back_in_ope()
    {
        string path = Path.Combine(_root, "greedy.jsonl");
        var (code, _, err) = Run("baselines", "RecSlate-v0", "--method", "greedy", "--trials", "4", "--log-out", path, "--log-epsilon", "0.25", "--log-target", "popularity");
        Assert.True(code == 0, err);
        var log = BanditLogReader.Read(path);
        const int slates = 90; // 10 candidates, ordered pairs
        Assert.Equal(slates, log.Actions);
        Assert.Equal(10 * 20 + 2 * 23 + 2 * 20, log.ContextDim);
        float greedy = (float)(0.75 + 0.25 / slates), explored = (float)(0.25 / slates);
        Assert.All(log.Pscore, p => Assert.True(p == greedy || p == explored, $"pscore {p}"));
        // The greedy slate is logged with probability 1 − ε + ε/S; the others together with ε(S − 1)/S.
        double off = log.Pscore.Count(p => p == explored) / (double)log.Rows, expected = 0.25 * (slates - 1) / slates;
        Assert.InRange(off, expected - 4 * Math.Sqrt(expected * (1 - expected) / log.Rows), expected + 4 * Math.Sqrt(expected * (1 - expected) / log.Rows));
        for (int i = 0; i < log.Rows; i++)
        {
            var target = log.TargetRow(i);
            Assert.Equal(1, target.ToArray().Count(t => t == 1f));
            Assert.Equal(slates - 1, target.ToArray().Count(t => t == 0f));
        }
        Assert.Contains(log.Reward, r => r > 0);
        var (ope, json, opeErr) = Run("ope", "--log", path, "--estimators", "ipw,snipw", "--json");
        Assert.True(ope == 0, opeErr);
        var rows = JsonDocument.Parse(json).RootElement.GetProperty("rows").EnumerateArray().ToArray();
        Assert.All(rows, r => Assert.Equal(log.Rows, r.GetProperty("n").GetInt32()));
    }

    [Fact]
    public void The_random_baseline_logs_uniform_propensities_and_a_uniform_default_target()
    {
        string path = Path.Combine(_root, "random.jsonl");
        var (code, _, err) = Run("baselines", "RecSlate-v0", "--method", "random", "--trials", "2", "--log-out", path, "--set", "candidates=5", "--set", "slate=3");
        Assert.True(code == 0, err);
        var log = BanditLogReader.Read(path);
        Assert.Equal(60, log.Actions);
        Assert.All(log.Pscore, p => Assert.Equal(1f / 60, p));
        Assert.All(log.Target, t => Assert.Equal((float)(1.0 / 60), t));
        // ipw of the uniform policy under the uniform behaviour policy is the mean reward.
        var ipw = OffPolicyEvaluation.Evaluate(log, new OpeOptions { Estimators = [OpeEstimator.Create("ipw")], BootstrapSamples = 0 }).Rows[0].Value;
        Assert.Equal(log.Reward.Average(r => (double)r), ipw, 4);
    }

    [Fact]
    public void Bad_log_out_options_exit_2()
    {
        string path = Path.Combine(_root, "x.jsonl");
        CliCall.Run("baselines", "RecSlate-v0", "--log-out", path).IsUserError("exactly one --method");
        CliCall.Run("baselines", "Bandit-v0", "--method", "random", "--log-out", path).IsUserError("RecSlate-v0");
        CliCall.Run("baselines", "RecSlate-v0", "--method", "greedy", "--log-out", path, "--log-epsilon", "1.5").IsUserError("--log-epsilon");
        CliCall.Run("baselines", "RecSlate-v0", "--method", "greedy", "--log-out", path, "--log-target", "ppo").IsUserError("--log-target");
        CliCall.Run("baselines", "RecSlate-v0", "--method", "greedy", "--log-out", path, "--set", "candidates=40", "--set", "slate=4").IsUserError("slates", "lower candidates or slate");
        Assert.False(File.Exists(path));
    }
}
