using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Envs;
using MetaRL.Learning.AbTesting;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl ab</c>: A/A does not reject, oracle beats random (fixed horizon and sequential, which stops early),
/// the sequential test never stops on A/A, run arms play, and bad input is one line with exit code 2.</summary>
public sealed class AbCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static JsonElement Json(params string[] args)
    {
        var (code, output, err) = Run([.. args, "--json"]);
        Assert.True(code == 0, err);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public void An_a_a_test_does_not_reject_and_says_keep_a()
    {
        var r = Json("ab", "--a", "greedy", "--b", "greedy", "--env", "RecSlate-v0", "--users", "400", "--seed", "1");
        Assert.Equal(200, r.GetProperty("users").GetProperty("a").GetInt32());
        Assert.Equal(200, r.GetProperty("users").GetProperty("b").GetInt32());
        Assert.True(r.GetProperty("p_value").GetDouble() >= 0.05);
        Assert.False(r.GetProperty("significant").GetBoolean());
        Assert.StartsWith("No significant difference after 400 users", r.GetProperty("decision").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Oracle_beats_random_at_the_fixed_horizon_and_the_sentence_says_ship_b()
    {
        var (code, text, _) = Run("ab", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "200");
        Assert.Equal(0, code);
        Assert.Contains("B (oracle) beats A (random) on watch time per session by +", text, StringComparison.Ordinal);
        Assert.Contains("; ship B.", text, StringComparison.Ordinal);
        var r = Json("ab", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "200");
        Assert.True(r.GetProperty("p_value").GetDouble() < 0.05);
        var ci = r.GetProperty("ci95").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.True(ci[0] > 0 && ci[1] > ci[0]);
        double ma = r.GetProperty("means").GetProperty("a").GetDouble(), mb = r.GetProperty("means").GetProperty("b").GetDouble();
        Assert.Equal(mb - ma, r.GetProperty("difference").GetDouble(), 9);
        Assert.Equal((mb - ma) / ma, r.GetProperty("lift").GetDouble(), 9);
        Assert.False(r.TryGetProperty("stopped_at", out _));
    }

    [Fact]
    public void Sequential_stops_early_on_oracle_against_random_and_hides_the_fixed_horizon_p()
    {
        var r = Json("ab", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "400", "--sequential");
        int stopped = r.GetProperty("stopped_at").GetInt32();
        Assert.InRange(stopped, 4, 399);
        Assert.Equal(stopped, r.GetProperty("users").GetProperty("a").GetInt32() + r.GetProperty("users").GetProperty("b").GetInt32());
        Assert.True(r.GetProperty("always_valid_p").GetDouble() <= 0.05);
        var cs = r.GetProperty("confidence_sequence").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.True(cs[0] > 0 && cs[0] <= r.GetProperty("difference").GetDouble() && r.GetProperty("difference").GetDouble() <= cs[1]);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("p_value").ValueKind);
        Assert.Contains("ship B", r.GetProperty("decision").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sequential_never_stops_on_a_a()
    {
        var r = Json("ab", "--a", "random", "--b", "random", "--env", "RecSlate-v0", "--users", "400", "--sequential", "--seed", "3");
        Assert.Equal(JsonValueKind.Null, r.GetProperty("stopped_at").ValueKind);
        Assert.Equal(400, r.GetProperty("users").GetProperty("a").GetInt32() + r.GetProperty("users").GetProperty("b").GetInt32());
        Assert.True(r.GetProperty("always_valid_p").GetDouble() > 0.05);
        Assert.Equal(JsonValueKind.Number, r.GetProperty("p_value").ValueKind);
    }

    [Fact]
    public void A_a_rejections_over_seeds_stay_near_alpha()
    {
        // 40 independent A/A tests at α = 0.05: P(7 or more rejections) under a calibrated test is 0.014.
        int rejections = 0, sequentialStops = 0;
        for (int seed = 0; seed < 40; seed++)
        {
            var settings = EnvRegistry.Settings("RecSlate-v0").Values;
            var options = new AbTestOptions { Users = 100, Seed = seed * 10L, Sequential = true };
            var report = AbTest.Run("RecSlate-v0", settings, AbArm.Open("random", "RecSlate-v0", settings, seed * 10L + 2),
                AbArm.Open("random", "RecSlate-v0", settings, seed * 10L + 4), options);
            if (report.Sequential!.Stopped) { sequentialStops++; }
            else if (report.Welch.PValue < 0.05) { rejections++; }
        }
        Assert.InRange(rejections, 0, 6);
        Assert.InRange(sequentialStops, 0, 6);
    }

    [Fact]
    public void A_trained_run_plays_as_an_arm_and_a_settings_mismatch_is_a_user_error()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ab-run-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, Run("train", "--env", "RecSlate-v0", "--algo", "ppo", "--out", dir, "--set", "action=index", "--set", "total_steps=1024", "--quiet").Code);
            var r = Json("ab", "--a", dir, "--b", "oracle", "--env", "RecSlate-v0", "--users", "20", "--set", "action=index");
            Assert.Equal(dir, r.GetProperty("arms").GetProperty("a").GetString());
            Assert.Equal(10, r.GetProperty("users").GetProperty("a").GetInt32());
            var (code, _, err) = Run("ab", "--a", dir, "--b", "oracle", "--env", "RecSlate-v0", "--users", "20");
            Assert.Equal(2, code);
            Assert.Contains("action=index (test: slate)", err, StringComparison.Ordinal);
            Assert.Single(err.Trim().Split('\n'));
        }
        finally { if (Directory.Exists(dir)) { Directory.Delete(dir, true); } }
    }

    [Theory]
    [InlineData("unknown arm 'nobody'", "--a", "nobody", "--b", "random", "--env", "RecSlate-v0", "--users", "20")]
    [InlineData("--users must be at least 4", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "3")]
    [InlineData("unknown metric 'dwell'", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "20", "--metric", "dwell")]
    [InlineData("--alpha must be in (0, 1)", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "20", "--alpha", "1.5")]
    [InlineData("A/B tests run on RecSlate-v0, not Bandit-v0", "--a", "random", "--b", "oracle", "--env", "Bandit-v0", "--users", "20")]
    [InlineData("RecSlate-v0", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "20", "--set", "no_such_key=1")]
    public void Bad_input_is_one_line_with_exit_code_2(string message, params string[] args)
    {
        var (code, output, err) = Run(["ab", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.Single(err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctr_and_session_length_are_compared_per_user()
    {
        var ctr = Json("ab", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "40", "--metric", "ctr");
        Assert.InRange(ctr.GetProperty("means").GetProperty("a").GetDouble(), 0, 1);
        var length = Json("ab", "--a", "random", "--b", "oracle", "--env", "RecSlate-v0", "--users", "40", "--metric", "session_length");
        Assert.True(length.GetProperty("means").GetProperty("a").GetDouble() > 1);
    }
}
