namespace MetaRL.Envs.Markets;

/// <summary>
/// The performance and risk of a strategy's daily simple returns, under one set of conventions used everywhere: 252
/// trading days a year, a risk-free rate of 0, sample standard deviations (ddof 1), losses as positive numbers.
/// <list type="bullet">
/// <item>annualised return: (Π(1 + r_t))^(252/n) − 1 (geometric); annualised volatility: √252 · std(r);</item>
/// <item>Sharpe: √252 · mean(r) / std(r); Sortino: √252 · mean(r) / DD with the downside deviation
/// DD = √(Σ min(r_t, 0)² / n) over all n days (target 0; Sortino and van der Meer 1991);</item>
/// <item>maximum drawdown: the largest fall of the equity curve E_t = Π_{s≤t}(1 + r_s), E_0 = 1, from its running peak,
/// as a fraction of that peak;</item>
/// <item>historical 95% VaR: −r_(k), the k-th smallest return with k = ⌈0.05 n⌉; CVaR (expected shortfall): −mean of the
/// k smallest returns;</item>
/// <item>turnover: the mean over days of Σ_i |w_{t,i} − w_{t−1,i}|, the weight traded per day (0 where no weights are given).</item>
/// </list>
/// A ratio whose denominator is 0 is 0 (a strategy without risk gets no ratio, not an infinite one).
/// </summary>
public sealed record RiskMetrics(double AnnualReturn, double AnnualVolatility, double Sharpe, double Sortino, double MaxDrawdown, double Var95, double Cvar95, double Turnover)
{
    /// <summary>A standard deviation below this share of the largest |return| is rounding, not risk.</summary>
    private const double RoundingShare = 1e-12;

    /// <summary>Trading days in a year.</summary>
    public const int TradingDays = 252;

    /// <summary>The metrics of <paramref name="returns"/> (at least 2 days), with the mean of <paramref name="turnover"/>
    /// (the weight traded each day) where given.</summary>
    public static RiskMetrics Of(ReadOnlySpan<double> returns, ReadOnlySpan<double> turnover = default)
    {
        int n = returns.Length;
        if (n < 2) { throw new ArgumentException($"risk metrics need at least 2 daily returns, got {n}", nameof(returns)); }
        double mean = 0, logGrowth = 0, downside = 0, largest = 0;
        foreach (double r in returns)
        {
            largest = Math.Max(largest, Math.Abs(r));
            if (!(r >= -1) || !double.IsFinite(r)) { throw new ArgumentException($"a daily return of {r} is not a finite number of −100% or more", nameof(returns)); }
            mean += r;
            logGrowth += double.LogP1(r);
            downside += Math.Min(r, 0) * Math.Min(r, 0);
        }
        mean /= n;
        double variance = 0;
        foreach (double r in returns) { variance += (r - mean) * (r - mean); }
        double std = Math.Sqrt(variance / (n - 1));
        if (std <= RoundingShare * largest) { std = 0; } // identical returns: what is left is the mean's rounding
        double dd = Math.Sqrt(downside / n), scale = Math.Sqrt(TradingDays);
        double equity = 1, peak = 1, drawdown = 0;
        foreach (double r in returns)
        {
            equity *= 1 + r;
            peak = Math.Max(peak, equity);
            drawdown = Math.Max(drawdown, 1 - equity / peak);
        }
        var sorted = returns.ToArray();
        Array.Sort(sorted);
        int k = (int)Math.Ceiling(0.05 * n);
        double tail = 0;
        for (int i = 0; i < k; i++) { tail += sorted[i]; }
        double traded = 0;
        foreach (double w in turnover) { traded += w; }
        return new RiskMetrics(Math.Exp(logGrowth * TradingDays / n) - 1, scale * std, std > 0 ? scale * mean / std : 0, dd > 0 ? scale * mean / dd : 0,
            drawdown, -sorted[k - 1], -tail / k, turnover.IsEmpty ? 0 : traded / turnover.Length);
    }
}
