using System.Diagnostics;
using MetaRL.Envs.Markets;
using MetaRL.Learning.Meta;
using MetaRL.Statistics;

namespace MetaRL.Learning.Applications;

/// <summary>What <see cref="MarketsJourney"/> measured: every method on the held-out regimes (and the first
/// <see cref="MarketsJourneyOptions.PrefixDays"/> days), the paired Sharpe differences of RL² against buy-and-hold and
/// against the non-adaptive PPO policy, the walk-forward rows on recorded prices (empty without them) and the learning
/// curves (RL²: iteration, mean trial return; PPO: step, recent episode return).</summary>
public sealed record MarketsJourneyResult(MarketsJourneyOptions Options, IReadOnlyList<MarketRow> HeldOut, MeanInterval Rl2VsBuyAndHold, MeanInterval Rl2VsPpo,
    IReadOnlyList<MarketRow> WalkForward, IReadOnlyList<(double X, double Return)> Rl2Curve, IReadOnlyList<(double X, double Return)> PpoCurve, double Seconds)
{
    /// <summary>Days of the recorded series read as history before its walk-forward blocks (0 without recorded prices).</summary>
    public int WalkForwardStart { get; init; }
}

/// <summary>
/// The markets journey of <c>metarl app markets</c>: RL² meta-trained across generated regimes of Trading-v0 (one
/// episode per trial, so it must learn the regime while trading it), PPO trained on the same regimes as the
/// non-adaptive policy (no memory beyond its window), both scored with the market baselines on the same days of
/// held-out regimes (<see cref="MarketComparison"/>), and, given recorded prices, on walk-forward blocks of them.
/// The runs are written to <c>DIR/rl2</c> and <c>DIR/ppo</c>.
/// </summary>
public static class MarketsJourney
{
    /// <summary>Runs the journey into <paramref name="directory"/>, telling <paramref name="log"/> each phase.</summary>
    public static MarketsJourneyResult Run(MarketsJourneyOptions options, string directory, Action<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        string rl2Dir = Path.Combine(directory, "rl2"), ppoDir = Path.Combine(directory, "ppo");
        var rl2Curve = new List<(double, double)>();
        log?.Invoke($"meta-training RL² on Trading-v0 ({options.Rl2Iterations} iterations of {options.TrialsPerIteration} regimes, {options.Days} days each) -> {rl2Dir}");
        var meta = new MetaTrainer(MetaSetup.Parse(options.Rl2Pairs()), rl2Dir).Run(false, p => rl2Curve.Add((p.Iteration + 1, p.Pre)), log, cancel, overwrite: true);
        cancel.ThrowIfCancellationRequested();
        if (meta.Summary.Status == RunSummary.Diverged) { throw new InvalidOperationException($"RL² diverged: {meta.Summary.Error}"); }
        log?.Invoke($"training the non-adaptive PPO policy ({options.PpoSteps:N0} steps) -> {ppoDir}");
        var ppoCurve = JourneyTraining.Ppo(options.PpoPairs(), ppoDir, log, cancel);

        var rl2 = MetaRun.Load(rl2Dir);
        var others = new Dictionary<string, RunDirectory> { ["ppo"] = new(ppoDir) };
        var env = EnvRegistry.Make("Trading-v0", rl2.Setup.EnvSettings);
        var tasks = env.Find<ITaskEnv>()!.SampleTasks(options.HeldOutTasks, new Rng(SeedPath.Derive(options.Seed, HeldOutStream)));
        log?.Invoke($"scoring RL², PPO and the baselines on {tasks.Count} held-out regimes");
        var results = MarketComparison.Play(rl2, others, tasks, SeedPath.Derive(options.Seed, EvaluationStream));
        var rows = MarketComparison.Rows(results, options.PrefixDays);
        var vsHold = MarketComparison.SharpeDifference(results["rl2"], results["buy-and-hold"]);
        var vsPpo = MarketComparison.SharpeDifference(results["rl2"], results["ppo"]);
        int start = 0;
        var walk = options.Data is null ? [] : WalkForward(rl2, others, options, log, out start);
        return new MarketsJourneyResult(options, rows, vsHold, vsPpo, walk, rl2Curve, ppoCurve, clock.Elapsed.TotalSeconds) { WalkForwardStart = start };
    }

    /// <summary>Seed streams of the held-out regimes and of their episodes, apart from training's.</summary>
    private const long HeldOutStream = 32_001, EvaluationStream = 32_002;

    /// <summary>Every method on each walk-forward test block of the recorded series: the learned policies (trained on
    /// generated regimes only) trade the block as a new task from its first day; the baselines read the whole series
    /// before the block as history.</summary>
    private static List<MarketRow> WalkForward(MetaRun rl2, IReadOnlyDictionary<string, RunDirectory> others, MarketsJourneyOptions options, Action<string>? log, out int start)
    {
        var series = PriceSeries.ReadCsv(options.Data!).Returns();
        start = WalkForwardStart(series.Length);
        var blocks = WalkForwardBlocks(series.Length, options.Splits);
        var matrix = Backtest.Column(series);
        double cost = EnvRegistry.Settings("Trading-v0", rl2.Setup.EnvSettings).Double("cost");
        var rows = new List<MarketRow>();
        foreach (var (split, _, from, to) in blocks)
        {
            log?.Invoke($"walk-forward block {split}: days {from}–{to - 1} of {options.Data}");
            var settings = new Dictionary<string, string>
            {
                ["data"] = options.Data!, ["from"] = I(from), ["to"] = I(from + 1), ["max_steps"] = I(to - from),
            };
            var played = MarketComparison.Play(rl2, others, [MarketTask.Recorded], options.Seed, settings, baselines: false);
            foreach (var (name, list) in played) { rows.Add(new MarketRow(name, list[0].Metrics, 1, 0, split)); }
            foreach (var s in MarketBaselines.For(1)) { rows.Add(new MarketRow(s.Name, Backtest.Run(s, matrix, from, to, cost).Metrics, 1, 0, split)); }
        }
        return rows;
    }

    /// <summary>Days of a recorded series' history before its walk-forward blocks: a year, or half the series when it is
    /// shorter than two years.</summary>
    public static int WalkForwardStart(int returns) => Math.Min(252, returns / 2);

    /// <summary>The walk-forward blocks of a series of <paramref name="returns"/> daily returns, checked before any
    /// training: each block at least a month (21 days) long and its first day after a whole look-back window.</summary>
    /// <exception cref="ArgumentException">The series is too short for <paramref name="splits"/> blocks.</exception>
    public static IReadOnlyList<(int Split, int TrainEnd, int TestStart, int TestEnd)> WalkForwardBlocks(int returns, int splits)
    {
        int start = WalkForwardStart(returns);
        if (splits < 1 || (returns - start) / (splits + 1) < 21 || start < 21)
        {
            throw new ArgumentException($"{returns} daily returns are too few for {splits} walk-forward blocks of a month or more after {start} days of history");
        }
        return Envs.Markets.WalkForward.Blocks(start, returns, splits);
    }

    private static string I(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
