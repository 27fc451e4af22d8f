using System.Text.Json;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl app markets</c>: the quick journey end to end, and a malformed price file refused before training.</summary>
public sealed class AppMarketsCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-app-markets-" + Guid.NewGuid().ToString("N"));

    public AppMarketsCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void The_quick_journey_scores_every_method_on_the_same_regimes_and_walk_forward_blocks()
    {
        string dir = Path.Combine(_root, "app");
        var (code, output, err) = Run("app", "markets", "--quick", "--out", dir, "--data", Prices(700), "--splits", "2");
        Assert.True(code == 0, err + output);
        foreach (var f in new[] { "report.html", "report.md", "results.json", "rl2/config.yaml", "ppo/config.yaml" }) { Assert.True(File.Exists(Path.Combine(dir, f)), f); }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results.json")));
        var heldOut = json.RootElement.GetProperty("held_out").EnumerateArray().ToList();
        string[] methods = ["rl2", "ppo", "buy-and-hold", "momentum-12-1", "mean-variance"];
        Assert.Equal([.. methods, .. methods.Select(m => m + " (first 21 days)")], heldOut.Select(r => r.GetProperty("method").GetString()));
        Assert.All(heldOut, r => Assert.Equal(20, r.GetProperty("n").GetInt32()));
        var walk = json.RootElement.GetProperty("walk_forward").EnumerateArray().ToList();
        Assert.Equal(2 * methods.Length, walk.Count);
        Assert.All(walk, r => Assert.InRange(r.GetProperty("split").GetInt32(), 1, 2));
        Assert.Contains("Target (held-out regimes)", output);
        Assert.Contains("paired over 20 regimes", File.ReadAllText(Path.Combine(dir, "report.md")));
    }

    [Fact]
    public void A_malformed_or_too_short_price_file_is_refused_before_any_training()
    {
        string bad = Path.Combine(_root, "bad.csv");
        File.WriteAllText(bad, "date,open,high,low,close,volume\n2020-01-02,1,1,1,-1,10\n");
        string dir = Path.Combine(_root, "bad-app");
        var (code, _, err) = Run("app", "markets", "--quick", "--out", dir, "--data", bad);
        Assert.Equal(2, code);
        Assert.Contains("line 2", err);
        Assert.False(Directory.Exists(dir));
        // Too short for its walk-forward blocks: refused before training too, not after it.
        (code, _, err) = Run("app", "markets", "--quick", "--out", dir, "--data", Prices(60), "--splits", "4");
        Assert.Equal(2, code);
        Assert.Contains("too few for 4 walk-forward blocks", err);
        Assert.DoesNotContain("   at ", err);
        Assert.False(Directory.Exists(dir));
    }

    private string Prices(int days) => MetaRL.Tests.TestSupport.PriceCsv.Write(Path.Combine(_root, "prices.csv"), days, seed: 4, drift: 0.0003, volatility: 0.012);
}
