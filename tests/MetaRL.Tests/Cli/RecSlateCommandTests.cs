using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Envs;
using MetaRL.Tracking;

namespace MetaRL.Tests.Cli;

public sealed class RecSlateCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Baselines_json_carries_the_recommendation_metrics_of_every_method()
    {
        var (code, output, _) = Run("baselines", "RecSlate-v0", "--trials", "20", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["random", "popularity", "greedy", "oracle"], rows.Select(r => r.GetProperty("method").GetString()));
        foreach (var row in rows)
        {
            var metrics = row.GetProperty("metrics");
            foreach (var name in RecSlateMetrics.Names)
            {
                Assert.Equal(20, metrics.GetProperty(name).GetProperty("n").GetInt32());
                Assert.True(double.IsFinite(metrics.GetProperty(name).GetProperty("mean").GetDouble()));
            }
        }
        // Text output prints the metrics table under the totals.
        var (_, text, _) = Run("baselines", "RecSlate-v0", "--trials", "10");
        Assert.Contains("session_length", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Training_on_slate_actions_is_a_user_error_that_names_the_discrete_encoding()
    {
        var dir = Path.Combine(Path.GetTempPath(), "recslate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, err) = Run("train", "--env", "RecSlate-v0", "--out", dir, "--set", "total_steps=2048", "--quiet");
            Assert.Equal(2, code);
            Assert.Contains("action=index", err, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        }
        finally { if (Directory.Exists(dir)) { Directory.Delete(dir, true); } }
    }

    [Fact]
    public void Meta_eval_rows_with_metrics_round_trip_through_the_file_and_rows_without_keep_their_shape()
    {
        var path = Path.Combine(Path.GetTempPath(), "meta-eval-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var metrics = new Dictionary<string, MetricSummary> { ["ctr"] = new(0.5, 0.01, 40), ["regret"] = new(12.5, 2, 40) };
            MetaEvalRow[] rows = [new("rl2", 2, 300, 5, 40, MetaEvalRow.TrialTotal), new("greedy", 2, 450, 9, 40, MetaEvalRow.TrialTotal) { Metrics = metrics }];
            MetaEvalRow.Save(path, rows);
            var text = File.ReadAllText(path);
            Assert.Contains("{\"method\":\"rl2\",\"steps\":2,\"mean\":300,\"ci95\":5,\"n\":40,\"kind\":\"trial_total\"}", text, StringComparison.Ordinal);
            Assert.Contains("\"metrics\":{\"ctr\":{\"mean\":0.5,\"ci95\":0.01,\"n\":40}", text, StringComparison.Ordinal);
            var back = MetaEvalRow.Load(path);
            Assert.Null(back[0].Metrics);
            Assert.Equal(metrics, back[1].Metrics!);
            Assert.Equal(rows[1] with { Metrics = null }, back[1] with { Metrics = null });
        }
        finally { File.Delete(path); }
    }
}
