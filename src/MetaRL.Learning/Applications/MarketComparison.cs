using MetaRL.Envs.Markets;
using MetaRL.Statistics;

namespace MetaRL.Learning.Applications;

/// <summary>
/// Trained policies and the market baselines on the same days of the same Trading-v0 tasks: the RL² run plays one trial
/// (one episode) per task; the path it traded on is then replayed to every other policy (as recorded prices, so each
/// sees exactly the same days) and given to the baselines with the path's lead days as their history.
/// </summary>
public static class MarketComparison
{
    /// <summary>Each method's backtest on each task, in task order: <paramref name="rl2"/> (a meta-train run on Trading-v0
    /// with one episode per trial, greedy), the single-task runs in <paramref name="others"/> (name → run) and, with
    /// <paramref name="baselines"/>, the market baselines. <paramref name="settings"/> override the RL² run's environment
    /// settings (recorded prices).</summary>
    public static IReadOnlyDictionary<string, List<BacktestResult>> Play(Meta.MetaRun rl2, IReadOnlyDictionary<string, RunDirectory> others,
        IReadOnlyList<EnvTask> tasks, long seed, IReadOnlyDictionary<string, string>? settings = null, bool baselines = true)
    {
        ArgumentNullException.ThrowIfNull(rl2);
        ArgumentNullException.ThrowIfNull(others);
        var results = new Dictionary<string, List<BacktestResult>>(StringComparer.Ordinal);
        void Add(BacktestResult r) => (results.TryGetValue(r.Strategy, out var l) ? l : results[r.Strategy] = []).Add(r);
        var trained = others.ToDictionary(kv => kv.Key, kv => TrainedRun.Load(kv.Value, "compare"), StringComparer.Ordinal);
        foreach (var env in Meta.Rl2Algorithm.PlayTrials(rl2, tasks, seed, greedy: true, settings))
        {
            var trading = env.Find<Trading>() ?? throw new ArgumentException($"{rl2.Setup.Run.Env} is not Trading-v0", nameof(rl2));
            var played = trading.Episode(rl2.Method);
            Add(played);
            var path = trading.Path.ToArray();
            int lead = trading.Lead, days = played.Returns.Length;
            foreach (var (name, run) in trained)
            {
                var replay = new Trading(path, trading.Window, days, trading.Cost, lead, lead + 1);
                Evaluation.Run(run.Algorithm, new TimeLimit(replay, days), 1, seed);
                Add(replay.Episode(name));
            }
            if (!baselines) { continue; }
            var matrix = Backtest.Column(path.AsSpan(0, lead + days));
            foreach (var s in MarketBaselines.For(1)) { Add(Backtest.Run(s, matrix, lead, lead + days, trading.Cost)); }
        }
        return results;
    }

    /// <summary>One row per method, its metrics averaged over tasks; with <paramref name="prefixDays"/> &gt; 1 also each
    /// method on the first that many days, how fast it adapts to a new regime.</summary>
    public static IReadOnlyList<MarketRow> Rows(IReadOnlyDictionary<string, List<BacktestResult>> results, int prefixDays = 0)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.Select(kv => MarketBaselines.Mean(kv.Key, [.. kv.Value.Select(r => r.Metrics)])).ToList();
        if (prefixDays > 1)
        {
            rows.AddRange(results.Select(kv => MarketBaselines.Mean($"{kv.Key} (first {prefixDays} days)", [.. kv.Value.Select(r => Prefix(r, prefixDays).Metrics)])));
        }
        return rows;
    }

    /// <summary>The mean and 95% interval of the per-task Sharpe difference <paramref name="a"/> − <paramref name="b"/>
    /// (paired: both on the same days of each task).</summary>
    public static MeanInterval SharpeDifference(IReadOnlyList<BacktestResult> a, IReadOnlyList<BacktestResult> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) { throw new ArgumentException($"paired differences need as many tasks on each side ({a.Count} vs {b.Count})"); }
        return MeanInterval.Of([.. a.Zip(b, (x, y) => x.Metrics.Sharpe - y.Metrics.Sharpe)]);
    }

    /// <summary>The first <paramref name="days"/> days of a backtest.</summary>
    public static BacktestResult Prefix(BacktestResult result, int days)
    {
        ArgumentNullException.ThrowIfNull(result);
        int n = Math.Min(days, result.Returns.Length);
        return result with { Returns = result.Returns[..n], Turnover = result.Turnover[..n] };
    }
}
