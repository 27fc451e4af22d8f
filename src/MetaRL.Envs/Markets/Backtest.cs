namespace MetaRL.Envs.Markets;

/// <summary>A strategy's daily net returns and turnover over a backtest, with their <see cref="RiskMetrics"/>.</summary>
public sealed record BacktestResult(string Strategy, double[] Returns, double[] Turnover)
{
    /// <summary>The metrics of <see cref="Returns"/> and <see cref="Turnover"/>.</summary>
    public RiskMetrics Metrics => RiskMetrics.Of(Returns, Turnover);
}

/// <summary>Runs a strategy day by day over recorded or generated returns: it decides each day's weights from the days
/// before (<see cref="ReturnHistory"/>), and a <see cref="Book"/> charges the trades.</summary>
public static class Backtest
{
    /// <summary>One asset's daily returns as the days × assets matrix a backtest reads.</summary>
    public static double[,] Column(ReadOnlySpan<double> returns)
    {
        var m = new double[returns.Length, 1];
        for (int t = 0; t < returns.Length; t++) { m[t, 0] = returns[t]; }
        return m;
    }

    /// <summary>Runs <paramref name="strategy"/> over days [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="returns"/> (days × assets) with a proportional <paramref name="cost"/> per unit of weight traded,
    /// starting in cash.</summary>
    public static BacktestResult Run(IStrategy strategy, double[,] returns, int start, int end, double cost)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(returns);
        if (start < 0 || end > returns.GetLength(0) || end - start < 2) { throw new ArgumentException($"a backtest needs 2 or more days inside the {returns.GetLength(0)} given, got [{start}, {end})"); }
        int n = returns.GetLength(1);
        var book = new Book(n, cost);
        var weights = new double[n];
        var day = new double[n];
        strategy.Start(n);
        for (int t = start; t < end; t++)
        {
            Array.Clear(weights);
            strategy.Decide(new ReturnHistory(returns, t), book.Held, weights);
            for (int i = 0; i < n; i++) { day[i] = returns[t, i]; }
            book.Day(weights, day);
        }
        return book.Episode(strategy.Name);
    }
}
