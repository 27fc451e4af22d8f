namespace MetaRL.Envs.Markets;

/// <summary>
/// Synthetic market tasks and their return paths: <c>Sample</c> draws a regime (a task of <c>Trading-v0</c>) and
/// <c>SampleMarket</c> a market of several (a task of <c>Portfolio-v0</c>); <c>Returns</c> draws a path of daily simple
/// returns from either.
/// Log returns are drawn and turned into simple ones (r = e^x − 1), so a price never falls below zero.
/// </summary>
public static class MarketGenerator
{
    /// <summary>Draws a market of <paramref name="assets"/> assets: each asset's regime from <see cref="Sample(MarketModel, Rng, double)"/>
    /// (<paramref name="model"/> null: GBM or GARCH per asset with equal probability) and a common-factor correlation
    /// uniform in [0, 0.6].</summary>
    public static PortfolioTask SampleMarket(MarketModel? model, int assets, Rng rng, double maxAnnualDrift = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assets, 2);
        ArgumentNullException.ThrowIfNull(rng);
        var tasks = new MarketTask[assets];
        for (int i = 0; i < assets; i++) { tasks[i] = Sample(model ?? (rng.NextDouble() < 0.5 ? MarketModel.RegimeGbm : MarketModel.Garch), rng, maxAnnualDrift); }
        return new PortfolioTask(tasks, rng.Uniform(0, 0.6));
    }

    /// <summary>Writes a path of the market <paramref name="task"/> into <paramref name="returns"/> (days × assets): asset i's
    /// noise on day t is √ρ f_t + √(1 − ρ) e_{t,i} with a common factor f and ρ the task's correlation.</summary>
    public static void Returns(PortfolioTask task, Rng rng, double[,] returns)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(returns);
        int days = returns.GetLength(0), n = task.Assets.Count;
        if (returns.GetLength(1) != n) { throw new ArgumentException($"the market has {n} assets; the matrix {returns.GetLength(1)} columns", nameof(returns)); }
        var factor = new double[days];
        for (int t = 0; t < days; t++) { factor[t] = rng.Normal(); }
        var shocks = new double[days];
        var column = new double[days];
        double common = Math.Sqrt(task.Correlation), own = Math.Sqrt(1 - task.Correlation);
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < days; t++) { shocks[t] = common * factor[t] + own * rng.Normal(); }
            Returns(task.Assets[i], rng, column, shocks);
            for (int t = 0; t < days; t++) { returns[t, i] = column[t]; }
        }
    }

    /// <summary>Draws a task of <paramref name="model"/>: annual drifts uniform in ±<paramref name="maxAnnualDrift"/>
    /// (the bear regime's below the bull's), annual volatilities in [10%, 40%], persistence in [0.95, 0.995]
    /// (regimes lasting 20 to 200 days on average), GARCH α in [0.03, 0.15] and α + β in [0.90, 0.99].</summary>
    public static MarketTask Sample(MarketModel model, Rng rng, double maxAnnualDrift = 0.5)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (model == MarketModel.Data) { throw new ArgumentException("recorded prices are not drawn", nameof(model)); }
        const double Day = RiskMetrics.TradingDays;
        double a = rng.Uniform(-maxAnnualDrift, maxAnnualDrift) / Day, b = rng.Uniform(-maxAnnualDrift, maxAnnualDrift) / Day;
        double volA = rng.Uniform(0.10, 0.40) / Math.Sqrt(Day), volB = rng.Uniform(0.10, 0.40) / Math.Sqrt(Day);
        double persistence = rng.Uniform(0.95, 0.995), alpha = rng.Uniform(0.03, 0.15), beta = rng.Uniform(0.90, 0.99) - alpha;
        return model == MarketModel.Garch
            ? new MarketTask(model, a, volA, a, volA, 0, alpha, beta)
            : new MarketTask(model, Math.Max(a, b), volA, Math.Min(a, b), volB, persistence);
    }

    /// <summary>Writes a path of daily simple returns of <paramref name="task"/> into <paramref name="returns"/>, drawing from
    /// <paramref name="rng"/> (the regime chain starts in either regime with equal probability; GARCH starts at its
    /// unconditional variance). Given <paramref name="shocks"/> (standard normal, one a day), they replace the draws of the
    /// daily noise: how assets of one market share a common factor.</summary>
    public static void Returns(MarketTask task, Rng rng, Span<double> returns, ReadOnlySpan<double> shocks = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(rng);
        if (!shocks.IsEmpty && shocks.Length < returns.Length) { throw new ArgumentException($"{returns.Length} days need as many shocks, got {shocks.Length}", nameof(shocks)); }
        bool drawn = shocks.IsEmpty;
        switch (task.Model)
        {
            case MarketModel.RegimeGbm:
                bool bull = rng.NextDouble() < 0.5;
                for (int t = 0; t < returns.Length; t++)
                {
                    if (t > 0 && rng.NextDouble() >= task.Persistence) { bull = !bull; }
                    double mu = bull ? task.BullDrift : task.BearDrift, sigma = bull ? task.BullVolatility : task.BearVolatility;
                    returns[t] = Math.Exp(mu - sigma * sigma / 2 + sigma * (drawn ? rng.Normal() : shocks[t])) - 1;
                }
                break;
            case MarketModel.Garch:
                double unconditional = task.BullVolatility * task.BullVolatility, persistence = task.Alpha + task.Beta;
                if (!(persistence < 1)) { throw new ArgumentException($"GARCH needs α + β < 1, got {persistence}", nameof(task)); }
                double omega = unconditional * (1 - persistence), h = unconditional, shock = 0;
                for (int t = 0; t < returns.Length; t++)
                {
                    if (t > 0) { h = omega + task.Alpha * shock * shock + task.Beta * h; }
                    shock = Math.Sqrt(h) * (drawn ? rng.Normal() : shocks[t]);
                    returns[t] = Math.Exp(task.BullDrift - h / 2 + shock) - 1;
                }
                break;
            default:
                throw new ArgumentException($"a {task.Model} task has no generator", nameof(task));
        }
    }
}
