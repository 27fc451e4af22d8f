using MetaRL.Statistics;

namespace MetaRL.Envs.Markets;

/// <summary>One strategy's figures: its <see cref="RiskMetrics"/> (means over <see cref="N"/> tasks for generated regimes),
/// the 95% half-width of the Sharpe ratio across tasks (0 for one series), and the walk-forward block it was tested on
/// (null: the whole series).</summary>
public sealed record MarketRow(string Method, RiskMetrics Metrics, int N, double SharpeCi95 = 0, int? Split = null);

/// <summary>
/// The classical strategies of a market, run on the same days as anything they are compared with: buy-and-hold, 12-1
/// momentum and long-only mean-variance for one asset; those with equal weight and risk parity for several.
/// </summary>
public static class MarketBaselines
{
    /// <summary>The baselines for <paramref name="assets"/> assets, fresh.</summary>
    public static IReadOnlyList<IStrategy> For(int assets) => assets == 1
        ? [new BuyAndHold(), new Momentum(), new MeanVariance()]
        : [new BuyAndHold(), new EqualWeight(), new Momentum(), new MeanVariance(), new RiskParity()];

    /// <summary>Each baseline on days [<paramref name="start"/>, end) of a recorded series of daily returns (days × assets),
    /// reading the days before as history; with <paramref name="splits"/> ≥ 1, also on each of
    /// <see cref="WalkForward.Blocks"/>'s test blocks.</summary>
    public static IReadOnlyList<MarketRow> OnSeries(double[,] returns, int start, double cost, int splits = 0)
    {
        ArgumentNullException.ThrowIfNull(returns);
        int days = returns.GetLength(0), assets = returns.GetLength(1);
        var rows = new List<MarketRow>();
        foreach (var s in For(assets)) { rows.Add(new MarketRow(s.Name, Backtest.Run(s, returns, start, days, cost).Metrics, 1)); }
        if (splits < 1) { return rows; }
        foreach (var (split, _, testStart, testEnd) in WalkForward.Blocks(start, days, splits))
        {
            foreach (var s in For(assets)) { rows.Add(new MarketRow(s.Name, Backtest.Run(s, returns, testStart, testEnd, cost).Metrics, 1, 0, split)); }
        }
        return rows;
    }

    /// <summary>Each baseline on the trading days of one episode of each task: the task pinned in <paramref name="env"/>
    /// (Trading-v0 or Portfolio-v0), reset with seed <paramref name="seed"/> + i for the i-th task, and the strategies run on
    /// the episode's path (its lead days as history); the metrics are averaged over tasks.</summary>
    public static IReadOnlyList<MarketRow> OnTasks(Env env, IReadOnlyList<EnvTask> tasks, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(tasks);
        var perMethod = new Dictionary<string, List<RiskMetrics>>(StringComparer.Ordinal);
        for (int i = 0; i < tasks.Count; i++)
        {
            var (path, lead, cost) = Episode(env, tasks[i], seed + i);
            foreach (var s in For(path.GetLength(1)))
            {
                var result = Backtest.Run(s, path, lead, path.GetLength(0), cost);
                (perMethod.TryGetValue(s.Name, out var list) ? list : perMethod[s.Name] = []).Add(result.Metrics);
            }
        }
        return [.. perMethod.Select(kv => Mean(kv.Key, kv.Value))];
    }

    /// <summary>The path (days × assets) of the episode a market environment plays on <paramref name="task"/> after a reset
    /// with <paramref name="seed"/>, the days before its first trading day, and its trading cost.</summary>
    public static (double[,] Path, int Lead, double Cost) Episode(Env env, EnvTask task, long seed)
    {
        ArgumentNullException.ThrowIfNull(env);
        env.Find<ITaskEnv>()!.SetTask(task);
        env.Reset(env.NewObservation(), seed);
        if (env.Find<Portfolio>() is { } portfolio) { return ((double[,])portfolio.Path.Clone(), portfolio.Lead, portfolio.Cost); }
        var trading = env.Find<Trading>() ?? throw new ArgumentException($"{env.Id} is not a market environment", nameof(env));
        return (Backtest.Column(trading.Path), trading.Lead, trading.Cost);
    }

    /// <summary>The mean of each metric over tasks, with the Sharpe ratio's 95% half-width.</summary>
    public static MarketRow Mean(string method, IReadOnlyList<RiskMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        double M(Func<RiskMetrics, double> f) => metrics.Average(f);
        var sharpe = MeanInterval.Of([.. metrics.Select(m => m.Sharpe)]);
        var mean = new RiskMetrics(M(m => m.AnnualReturn), M(m => m.AnnualVolatility), sharpe.Mean, M(m => m.Sortino), M(m => m.MaxDrawdown),
            M(m => m.Var95), M(m => m.Cvar95), M(m => m.Turnover));
        return new MarketRow(method, mean, metrics.Count, sharpe.HalfWidth);
    }
}
