using System.Text.Json;
using static MetaRL.Tests.TestSupport.CliRun;

namespace MetaRL.Tests.Cli;

/// <summary><c>metarl baselines Trading-v0</c>: the market baselines' rows on generated regimes and on a recorded CSV.</summary>
public sealed class MarketBaselinesCommandTests : IDisposable
{
    private static readonly string[] Fields = ["method", "sharpe", "sortino", "max_drawdown", "ann_return", "ann_vol", "var95", "cvar95", "turnover"];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-market-test-" + Guid.NewGuid().ToString("N"));

    public MarketBaselinesCommandTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void A_recorded_csv_gives_every_baseline_s_row_and_walk_forward_blocks()
    {
        string csv = Prices(600);
        var (code, output, err) = Run("baselines", "Trading-v0", "--data", csv, "--splits", "2", "--json");
        Assert.True(code == 0, err);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(3 * 3, rows.Count); // whole series + 2 blocks, 3 methods each
        Assert.All(rows, r => Assert.All(Fields, f => Assert.True(r.TryGetProperty(f, out _), $"row lacks {f}")));
        Assert.Equal(["buy-and-hold", "momentum-12-1", "mean-variance"], rows.Take(3).Select(r => r.GetProperty("method").GetString()));
        Assert.Equal([1, 1, 1, 2, 2, 2], rows.Skip(3).Select(r => r.GetProperty("split").GetInt32()));
        // Buy-and-hold buys once on the first of 600 − 1 − 252 days.
        Assert.Equal(1.0 / (599 - 252), rows[0].GetProperty("turnover").GetDouble(), 6);
    }

    [Fact]
    public void Generated_regimes_give_means_over_tasks_with_the_sharpe_interval()
    {
        var (code, output, err) = Run("baselines", "Trading-v0", "--trials", "20", "--set", "max_steps=60", "--json");
        Assert.True(code == 0, err);
        var rows = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.All(rows, r => Assert.Equal(20, r.GetProperty("n").GetInt32()));
        Assert.All(rows, r => Assert.True(r.GetProperty("sharpe_ci95").GetDouble() > 0));
    }

    [Fact]
    public void Portfolio_baselines_include_equal_weight_and_risk_parity()
    {
        var (code, output, err) = Run("baselines", "Portfolio-v0", "--trials", "5", "--set", "assets=3", "--set", "max_steps=70", "--json");
        Assert.True(code == 0, err);
        var methods = JsonDocument.Parse(output).RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("method").GetString()).ToList();
        Assert.Equal(["buy-and-hold", "equal-weight", "momentum-12-1", "mean-variance", "risk-parity"], methods);
    }

    [Fact]
    public void A_malformed_csv_and_misplaced_options_are_user_errors()
    {
        string bad = Path.Combine(_root, "bad.csv");
        File.WriteAllText(bad, "date,open,high,low,close,volume\n2020-01-02,1,1,1,1,10\n2020-01-01,1,1,1,1,10\n");
        var (code, _, err) = Run("baselines", "Trading-v0", "--data", bad);
        Assert.Equal(2, code);
        Assert.Contains("line 3", err);
        (code, _, err) = Run("baselines", "Trading-v0", "--splits", "2");
        Assert.Equal(2, code);
        Assert.Contains("--data", err);
        (code, _, err) = Run("baselines", "Bandit-v0", "--splits", "2");
        Assert.Equal(2, code);
        Assert.Contains("Trading-v0", err);
        (code, _, err) = Run("baselines", "Trading-v0", "--data", Prices(100));
        Assert.Equal(2, code);
        Assert.Contains("history", err);
        Assert.DoesNotContain("   at ", err);
        (code, _, err) = Run("baselines", "Trading-v0", "--trials", "2", "--set", "max_steps=1");
        Assert.Equal(2, code);
        Assert.Contains("max_steps", err);
        Assert.DoesNotContain("   at ", err);
    }

    /// <summary>A CSV of <paramref name="days"/> bars of a seeded random walk.</summary>
    private string Prices(int days) => MetaRL.Tests.TestSupport.PriceCsv.Write(Path.Combine(_root, $"prices-{days}.csv"), days, seed: 9);
}
