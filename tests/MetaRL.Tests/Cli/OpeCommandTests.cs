using System.Text.Json;
using MetaRL.Tests.Cli.UserErrors;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

public sealed class OpeCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-ope-test-" + Guid.NewGuid().ToString("N"));

    public OpeCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    private string File(string name, params string[] lines)
    {
        string path = Path.Combine(_root, name);
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    private const string Row = """{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5],"q_hat":[0.6,0.2]}""";

    [Fact]
    public void Json_prints_exactly_one_row_per_estimator_with_value_interval_and_rows()
    {
        string other = """{"action":1,"reward":0,"pscore":0.25,"target":[0.2,0.8],"q_hat":[0.3,0.1]}""";
        string log = File("log.jsonl", [.. Enumerable.Range(0, 30).Select(i => i % 3 == 1 ? other : Row)]);
        var (code, json, err) = Run("ope", "--log", log, "--json", "--set", "dr-os.lambda=2");
        Assert.True(code == 0, err);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal(["rows"], root.EnumerateObject().Select(p => p.Name));
        var rows = root.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(["ipw", "snipw", "dm", "dr", "sndr", "switch-dr", "dr-os"], rows.Select(r => r.GetProperty("estimator").GetString()));
        foreach (var r in rows)
        {
            Assert.Equal(["estimator", "value", "ci95", "n"], r.EnumerateObject().Select(p => p.Name));
            Assert.Equal(30, r.GetProperty("n").GetInt32());
            var ci = r.GetProperty("ci95").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(2, ci.Length);
            Assert.True(ci[0] <= ci[1]);
        }
        // ipw: every third row has w = 3.2 and reward 0, the others w = 1 and reward 1: 2/3.
        Assert.Equal(2.0 / 3, rows[0].GetProperty("value").GetDouble(), 6);
        Assert.Equal(json, Run("ope", "--log", log, "--json", "--set", "dr-os.lambda=2").Out);
        Assert.NotEqual(json, Run("ope", "--log", log, "--json", "--set", "dr-os.lambda=2", "--seed", "1").Out);
    }

    [Fact]
    public void The_table_has_a_row_per_chosen_estimator_and_lambda_settings_change_values()
    {
        string log = File("log.jsonl", Row, """{"action":1,"reward":1,"pscore":0.1,"target":[0.2,0.8],"q_hat":[0.3,0.1]}""");
        var (code, text, err) = Run("ope", "--log", log, "--estimators", "ipw,dr", "--set", "ipw.lambda=2", "--bootstrap", "0");
        Assert.True(code == 0, err);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("estimator", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("ipw", lines[2], StringComparison.Ordinal);
        // ipw clipped at 2: (min(1, 2)·1 + min(8, 2)·1) / 2.
        Assert.Contains("1.500000", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("dr ", lines[3], StringComparison.Ordinal);
        Assert.Contains("2 rows, 2 actions; q_hat from the log", text, StringComparison.Ordinal);
        var none = JsonDocument.Parse(Run("ope", "--log", log, "--estimators", "ipw", "--bootstrap", "0", "--json").Out).RootElement;
        Assert.Equal(JsonValueKind.Null, none.GetProperty("rows")[0].GetProperty("ci95").ValueKind);
    }

    [Fact]
    public void A_value_that_is_0_over_0_is_null_in_the_json()
    {
        // The target never takes the logged action: every weight is 0, and snipw is 0/0 (NaN in OBP).
        string log = File("zero.jsonl", """{"action":0,"reward":1,"pscore":0.5,"target":[0,1]}""", """{"action":0,"reward":0,"pscore":0.5,"target":[0,1]}""");
        var (code, json, err) = Run("ope", "--log", log, "--estimators", "ipw,snipw", "--json");
        Assert.True(code == 0, err);
        var rows = JsonDocument.Parse(json).RootElement.GetProperty("rows");
        Assert.Equal(0.0, rows[0].GetProperty("value").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("value").ValueKind);
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("ci95").ValueKind);
        Assert.Contains("NaN", Run("ope", "--log", log, "--estimators", "snipw").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Synth_then_ope_estimates_the_true_value()
    {
        string log = Path.Combine(_root, "synth.jsonl");
        var (code, json, err) = Run("ope", "synth", "--out", log, "--rounds", "3000", "--actions", "5", "--seed", "2", "--json");
        Assert.True(code == 0, err);
        double truth = JsonDocument.Parse(json).RootElement.GetProperty("ground_truth").GetDouble();
        var rows = JsonDocument.Parse(Run("ope", "--log", log, "--json", "--bootstrap", "200").Out).RootElement.GetProperty("rows");
        foreach (var r in rows.EnumerateArray())
        {
            Assert.True(Math.Abs(r.GetProperty("value").GetDouble() - truth) / truth < 0.06, $"{r}: truth {truth}");
        }
    }

    [Fact]
    public void A_bad_log_exits_2_naming_the_line()
    {
        string log = File("bad.jsonl", Row, """{"action":0,"reward":1,"pscore":0,"target":[0.5,0.5],"q_hat":[0.6,0.2]}""");
        CliCall.Run("ope", "--log", log).IsUserError("line 2", "pscore 0 is outside (0, 1]");
        CliCall.Run("ope", "--log", File("sum.jsonl", Row, Row, """{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.6],"q_hat":[0.6,0.2]}""")).IsUserError("line 3", "sum to");
        CliCall.Run("ope", "--log", File("nan.jsonl", """{"action":0,"reward":NaN,"pscore":0.5,"target":[0.5,0.5]}""")).IsUserError("line 1", "NaN");
        CliCall.Run("ope", "--log", File("count.jsonl", Row, """{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.25,0.25],"q_hat":[0.6,0.2,0]}""")).IsUserError("line 2", "target has 3 probabilities but line 1 has 2");
        CliCall.Run("ope", "--log", File("missing.jsonl", """{"action":0,"pscore":0.5,"target":[0.5,0.5]}""")).IsUserError("line 1", "missing column 'reward'");
        CliCall.Run("ope", "--log", File("empty.jsonl")).IsUserError("holds no rows");
        CliCall.Run("ope", "--log", File("noq.jsonl", """{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5]}""")).IsUserError("need q_hat");
    }

    [Fact]
    public void Bad_options_exit_2()
    {
        string log = File("log.jsonl", Row);
        CliCall.Run("ope").IsUserError("--log is required");
        CliCall.Run("ope", "--log", Path.Combine(_root, "nope.jsonl")).IsUserError("does not exist");
        CliCall.Run("ope", "--log", log, "--estimators", "ipw,drr").IsUserError("unknown estimator 'drr'");
        CliCall.Run("ope", "--log", log, "--set", "dr.lambda=-1").IsUserError("lambda is a number ≥ 0 or inf");
        CliCall.Run("ope", "--log", log, "--set", "snipw.lambda=1").IsUserError("snipw has no lambda");
        CliCall.Run("ope", "--log", log, "--estimators", "ipw", "--set", "dr.lambda=1").IsUserError("dr is not among --estimators");
        CliCall.Run("ope", "--log", log, "--set", "dr=1").IsUserError("NAME.lambda=V");
        CliCall.Run("ope", "--log", log, "--bootstrap", "-1").IsUserError("--bootstrap");
        CliCall.Run("ope", "--log", log, "--reward-features", "cubic").IsUserError("--reward-features");
        CliCall.Run("ope", "synth", "--out", Path.Combine(_root, "s.jsonl"), "--actions", "1").IsUserError("actions ≥ 2");
    }

    [Fact]
    public void Synth_with_huge_sizes_is_refused_before_allocating()
    {
        string path = Path.Combine(_root, "huge.jsonl");
        CliCall.Run("ope", "synth", "--out", path, "--actions", "2000000000").IsUserError("more than one array holds", "--actions");
        CliCall.Run("ope", "synth", "--out", path, "--actions", "100000").IsUserError("above the limit", "'actions'");
        Assert.False(System.IO.File.Exists(path));
    }

    [Fact]
    public void A_bom_is_skipped_duplicate_keys_and_an_empty_context_under_a_fitted_q_hat_exit_2()
    {
        string bom = Path.Combine(_root, "bom.jsonl");
        System.IO.File.WriteAllBytes(bom, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Row + "\n" + Row + "\n")]);
        var (code, _, err) = Run("ope", "--log", bom, "--bootstrap", "0");
        Assert.True(code == 0, err);
        CliCall.Run("ope", "--log", File("dup.jsonl", Row, Row.Replace("\"reward\":1", "\"reward\":1,\"reward\":0", StringComparison.Ordinal)))
            .IsUserError("line 2", "key 'reward' appears twice");
        string empty = File("empty-context.jsonl", Row.Replace("{", "{\"context\":[],", StringComparison.Ordinal).Replace(",\"q_hat\":[0.6,0.2]", "", StringComparison.Ordinal));
        CliCall.Run("ope", "--log", empty).IsUserError("line 1", "context is an empty array");
        (code, _, err) = Run("ope", "--log", empty, "--estimators", "ipw,snipw", "--bootstrap", "0");
        Assert.True(code == 0, err);
    }
}
