using MetaRL.Envs.Markets;

namespace MetaRL.Tests.Envs.Markets;

/// <summary>Each metric against a case computed by hand from its stated convention.</summary>
public sealed class RiskMetricsTests
{
    [Fact]
    public void Sharpe_and_sortino_follow_sample_std_and_the_downside_deviation_over_all_days()
    {
        var m = RiskMetrics.Of([0.01, -0.01, 0.02, 0.0]);
        // mean 0.005; squared deviations sum to 5e-4, so the sample variance is 5e-4 / 3; downside: (−0.01)² / 4 days.
        Assert.Equal(Math.Sqrt(252) * 0.005 / Math.Sqrt(5e-4 / 3), m.Sharpe, 12);
        Assert.Equal(Math.Sqrt(252) * Math.Sqrt(5e-4 / 3), m.AnnualVolatility, 12);
        Assert.Equal(Math.Sqrt(252) * 0.005 / Math.Sqrt(1e-4 / 4), m.Sortino, 12);
    }

    [Fact]
    public void Maximum_drawdown_is_the_largest_fall_from_the_running_peak_as_a_fraction_of_it()
    {
        // Equity 1.1, 0.88, 0.924, 1.386: the fall from the peak 1.1 to 0.88 is 20%; the new high does not undo it.
        Assert.Equal(0.2, RiskMetrics.Of([0.1, -0.2, 0.05, 0.5]).MaxDrawdown, 12);
        // A fall from the starting equity counts: 1 → 0.9 → 0.81.
        Assert.Equal(0.19, RiskMetrics.Of([-0.1, -0.1]).MaxDrawdown, 12);
    }

    [Fact]
    public void Historical_var_and_cvar_are_the_losses_at_and_beyond_the_5_percent_tail()
    {
        var returns = Enumerable.Repeat(0.01, 38).Concat([-0.05, -0.03]).ToArray(); // n = 40: k = 2
        var m = RiskMetrics.Of(returns);
        Assert.Equal(0.03, m.Var95, 12);
        Assert.Equal(0.04, m.Cvar95, 12);
        var more = returns.Append(-0.02).ToArray(); // n = 41: k = ⌈2.05⌉ = 3
        Assert.Equal(0.02, RiskMetrics.Of(more).Var95, 12);
        Assert.Equal((0.05 + 0.03 + 0.02) / 3, RiskMetrics.Of(more).Cvar95, 12);
    }

    [Fact]
    public void Annual_return_compounds_and_turnover_is_the_mean_weight_traded_per_day()
    {
        var m = RiskMetrics.Of(Enumerable.Repeat(0.001, 252).ToArray(), [1.0, 0.0, 0.5, 0.5]);
        Assert.Equal(Math.Pow(1.001, 252) - 1, m.AnnualReturn, 10);
        Assert.Equal(0.5, m.Turnover, 12);
        Assert.Equal(0, m.AnnualVolatility, 12);
        Assert.Equal(0, m.Sharpe); // no risk: the ratio is 0, not infinite
    }

    [Fact]
    public void Fewer_than_two_days_and_a_return_below_minus_100_percent_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RiskMetrics.Of([0.01]));
        Assert.Throws<ArgumentException>(() => RiskMetrics.Of([0.01, -1.0001]));
        Assert.Equal(-1, RiskMetrics.Of([0.01, -1.0]).AnnualReturn); // the account lost: limited liability
        Assert.Throws<ArgumentException>(() => RiskMetrics.Of([0.01, double.NaN]));
    }
}
