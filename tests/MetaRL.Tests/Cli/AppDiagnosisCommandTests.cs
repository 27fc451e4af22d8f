using System.Text.Json;
using System.Xml.Linq;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl baselines Diagnosis-v0</c> and <c>metarl app diagnosis</c>: rows, report files, and bad input as exit 2.</summary>
public sealed class AppDiagnosisCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-app-diagnosis-" + Guid.NewGuid().ToString("N"));

    public AppDiagnosisCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void Baselines_json_prints_one_row_per_method_with_the_diagnosis_metrics()
    {
        var (code, output, err) = Run("baselines", "Diagnosis-v0", "--json", "--set", "folds=5");
        Assert.True(code == 0, err);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["logreg-all", "logreg-all-cost", "logreg-cheap", "greedy"], rows.Select(r => r.GetProperty("method").GetString()));
        foreach (var r in rows)
        {
            foreach (var key in new[] { "accuracy", "sensitivity", "specificity", "tests", "cost" }) { Assert.True(r.TryGetProperty(key, out _), key); }
            Assert.Equal(569, r.GetProperty("n").GetInt32());
        }
        Assert.True(rows[0].GetProperty("accuracy").GetDouble() >= 0.95);
    }

    [Fact]
    public void A_malformed_data_file_is_one_error_line_naming_its_line_and_exit_2()
    {
        string path = Path.Combine(_root, "cases.csv");
        File.WriteAllText(path, "a,b,diagnosis\n1,2,M\n3,oops,B\n");
        var (code, _, err) = Run("baselines", "Diagnosis-v0", "--set", $"data={path}");
        Assert.Equal(2, code);
        Assert.Contains("line 3: column 'b': 'oops' is not a number", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void App_diagnosis_at_a_tiny_budget_writes_the_html_and_markdown_report_and_the_results()
    {
        string dir = Path.Combine(_root, "run");
        var (code, output, err) = Run("app", "diagnosis", "--quick", "--out", dir, "--hospitals", "1", "--policy-folds", "1", "--pretrain-steps", "2048", "--adapt-steps", "1024");
        Assert.True(code == 0, err);
        Assert.Contains("ppo-adapted", output, StringComparison.Ordinal);
        Assert.Contains("Target (held-out hospitals)", output, StringComparison.Ordinal);
        var html = XDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.html")).Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        Assert.True(html.Descendants().Count(e => e.Name.LocalName == "svg") >= 4);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("| ppo-one-hospital |", md, StringComparison.Ordinal);
        var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json"))).RootElement;
        Assert.Equal(7, results.GetProperty("held_out").GetArrayLength());
        Assert.Equal(1, results.GetProperty("hospitals").GetArrayLength());
        Assert.True(File.Exists(Path.Combine(dir, "config.json")));
    }

    [Fact]
    public void More_folds_than_rows_of_the_rarer_class_is_exit_2_not_a_stack_trace()
    {
        var (code, _, err) = Run("app", "diagnosis", "--quick", "--out", Path.Combine(_root, "folds"), "--set", "folds=300");
        Assert.Equal(2, code);
        Assert.Contains("rarer class has 212", err);
        Assert.DoesNotContain("   at ", err);
        (code, _, err) = Run("train", "--algo", "ppo", "--env", "Diagnosis-v0", "--set", "folds=300", "--set", "fold=0", "--out", Path.Combine(_root, "train"));
        Assert.Equal(2, code);
        Assert.Contains("rarer class has 212", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void App_diagnosis_refuses_a_bad_budget_with_exit_2()
    {
        var (code, _, err) = Run("app", "diagnosis", "--out", Path.Combine(_root, "bad"), "--policy-folds", "11");
        Assert.Equal(2, code);
        Assert.Contains("policy folds must be 1 … 10", err, StringComparison.Ordinal);
    }
}
