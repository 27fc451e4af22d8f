using System.Text.Json;
using System.Xml.Linq;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl app navigation</c>: the quick journey end to end, and bad input refused before training.</summary>
public sealed class AppNavigationCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-app-navigation-" + Guid.NewGuid().ToString("N"));

    public AppNavigationCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void The_quick_journey_scores_every_method_on_every_episode_of_the_same_held_out_maps()
    {
        string dir = Path.Combine(_root, "app");
        var (code, output, err) = Run("app", "navigation", "--quick", "--out", dir, "--maps", "6", "--rl2-iterations", "2", "--ppo-steps", "4096");
        Assert.True(code == 0, err + output);
        foreach (var f in new[] { "report.html", "report.md", "results.json", "config.json", "rl2/config.yaml", "ppo/config.yaml" }) { Assert.True(File.Exists(Path.Combine(dir, f)), f); }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
        var rows = json.RootElement.GetProperty("held_out").EnumerateArray().ToList();
        string[] methods = ["rl2", "ppo", "oracle", "greedy", "random"];
        Assert.Equal(methods.SelectMany(m => new[] { (m, 1), (m, 2) }), rows.Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("episode").GetInt32())));
        Assert.All(rows, r => Assert.Equal(6, r.GetProperty("n").GetInt32()));
        var oracle = rows.First(r => r.GetProperty("method").GetString() == "oracle");
        Assert.Equal(1.0, oracle.GetProperty("success").GetDouble());
        Assert.InRange(oracle.GetProperty("path_ratio").GetDouble(), 1.0, 1.2);
        Assert.True(json.RootElement.GetProperty("oracle_length").GetDouble() >= 3 - 0.25);
        Assert.Contains("Target (held-out maps, RL² in episode 2)", output);
        var html = XDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.html")).Replace("<!DOCTYPE html>", "", StringComparison.Ordinal));
        Assert.True(html.Descendants().Count(e => e.Name.LocalName == "svg") >= 3);
        Assert.Contains("| oracle | 1 |", File.ReadAllText(Path.Combine(dir, "report.md")));
    }

    [Fact]
    public void Bad_settings_and_budgets_are_refused_before_any_training_with_exit_2()
    {
        string dir = Path.Combine(_root, "bad");
        foreach (var args in new[]
        {
            new[] { "--set", "margin=0.5" },
            new[] { "--set", "split=test" },
            new[] { "--set", "circles=40", "--set", "radius_low=1", "--set", "radius_high=1.5" },
            new[] { "--maps", "1" },
            new[] { "--episodes", "0" },
        })
        {
            var (code, _, err) = Run(["app", "navigation", "--quick", "--out", dir, .. args]);
            Assert.True(code == 2, string.Join(" ", args) + ": " + err);
            Assert.DoesNotContain("   at ", err);
            Assert.False(Directory.Exists(dir));
        }
    }
}
