using MetaRL.Envs.Markets;
using MetaRL.Learning.Applications;
using MetaRL.Statistics;
using MetaRL.Tracking.Plots;
using MetaRL.Tracking.Reports;

namespace MetaRL.Cli.Commands.Apps;

/// <summary>The report, the results file and the target verdict of <c>metarl app markets</c>.</summary>
internal static class MarketsReport
{
    private static readonly string[] Header = ["method", "sharpe", "±95%", "sortino", "max drawdown", "ann. return", "ann. vol", "VaR 95", "CVaR 95", "turnover"];

    /// <summary>The report of <paramref name="r"/>.</summary>
    public static ApplicationReport Build(MarketsJourneyResult r, bool quick)
    {
        var o = r.Options;
        string lead = I($"Trading-v0, {o.Model} regimes with annual drifts within ±{o.MaxDrift:P0}, {o.Days} trading days per episode, 0.1% cost per unit traded; seed {o.Seed}; {(quick ? "quick budget" : "full budget")}: RL² {o.Rl2Iterations} iterations × {o.TrialsPerIteration} regimes (GRU {o.HiddenSize}), PPO {o.PpoSteps:N0} steps; {o.HeldOutTasks} held-out regimes; {r.Seconds:F0} s.");
        var sections = new List<ReportSection>
        {
            new("The task",
            [
                "Each episode is a fresh market regime: regime-switching geometric Brownian motion (a bull and a bear regime, switching as a Markov chain) or GARCH(1,1). Each day the policy takes a position (short, flat or long) from the last 10 daily log returns and its position, and earns the day's return less 0.1% of the weight traded. Neither policy sees the regime's parameters.",
                "rl2 is meta-trained across regimes with one episode per trial, so its recurrent state must learn the regime while it trades. ppo is the non-adaptive policy: PPO's MLP on the same observation, trained on the same regimes, with no memory beyond its 10-day window. The baselines (buy-and-hold, 12-1 time-series momentum and long-only mean-variance) read a year of the regime's history before the episode; the policies do not.",
                I($"Every method trades exactly the same days of each held-out regime: RL² plays the episode, and its path is replayed to PPO and given to the baselines. The figures are means over regimes, with the Sharpe ratio's 95% interval across regimes. The rows marked 'first {o.PrefixDays} days' score only the first month, which shows how fast each policy adapts."),
            ], [], []),
            new("Held-out regimes", [Verdict(r)], [Table(r.HeldOut)],
            [
                new ReportChart(new ChartSpec("RL² meta-training", "iteration", "mean trial return (% over the episode)"), [Series("rl2", r.Rl2Curve)]),
                new ReportChart(new ChartSpec("PPO training", "environment step", "recent episode return (%)"), [Series("ppo", r.PpoCurve)]),
            ]),
        };
        if (r.WalkForward.Count > 0)
        {
            sections.Add(new ReportSection(I($"Walk-forward on {Path.GetFileName(o.Data)}"),
            [
                I($"After its first {r.WalkForwardStart} days of returns (a year, or half a series shorter than two years), the series is cut into {o.Splits + 1} blocks, and blocks 2 … {o.Splits + 1} are tested in turn. The policies were trained only on generated regimes, so each trades its block as a new task from its first day and never sees a later day. The baselines read the whole series before the block (12-1 momentum and mean-variance stay in cash until they have a year of it). Days are counted in daily returns (return d is bar d + 1's close over bar d's). There is no target on recorded data."),
            ], [.. r.WalkForward.GroupBy(w => w.Split).Select(g => Table([.. g], $"block {g.Key}"))], []));
        }
        return new ApplicationReport("Markets: adapting to a new regime", lead, sections);
    }

    /// <summary>Whether RL²'s Sharpe ratio beats buy-and-hold's and the non-adaptive policy's on the held-out regimes
    /// (paired per regime: the 95% interval of the difference above 0).</summary>
    public static string Verdict(MarketsJourneyResult r) =>
        I($"Target (held-out regimes): RL²'s Sharpe − buy-and-hold's = {Pm(r.Rl2VsBuyAndHold)} ({Met(r.Rl2VsBuyAndHold)}); RL²'s Sharpe − PPO's = {Pm(r.Rl2VsPpo)} ({Met(r.Rl2VsPpo)}); paired over {r.Rl2VsPpo.N} regimes, 95% intervals.");

    /// <summary>The results as JSON: the options, the held-out rows, the paired differences, the walk-forward rows.</summary>
    public static string Json(MarketsJourneyResult r) => JsonSerializer.Serialize(new
    {
        seed = r.Options.Seed,
        days = r.Options.Days,
        model = r.Options.Model,
        max_drift = r.Options.MaxDrift,
        rl2_iterations = r.Options.Rl2Iterations,
        trials_per_iteration = r.Options.TrialsPerIteration,
        ppo_steps = r.Options.PpoSteps,
        held_out_tasks = r.Options.HeldOutTasks,
        seconds = Math.Round(r.Seconds, 1),
        held_out = r.HeldOut.Select(MarketTable.Json),
        rl2_minus_buy_and_hold_sharpe = new { mean = r.Rl2VsBuyAndHold.Mean, ci95 = r.Rl2VsBuyAndHold.HalfWidth, n = r.Rl2VsBuyAndHold.N },
        rl2_minus_ppo_sharpe = new { mean = r.Rl2VsPpo.Mean, ci95 = r.Rl2VsPpo.HalfWidth, n = r.Rl2VsPpo.N },
        walk_forward = r.WalkForward.Select(MarketTable.Json),
        verdict = Verdict(r),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static ReportTable Table(IReadOnlyList<MarketRow> rows, string? note = null) =>
        new(Header, [.. rows.Select(x => new[]
        {
            x.Method, F(x.Metrics.Sharpe), x.N > 1 ? F(x.SharpeCi95) : "", F(x.Metrics.Sortino), P(x.Metrics.MaxDrawdown), P(x.Metrics.AnnualReturn),
            P(x.Metrics.AnnualVolatility), P(x.Metrics.Var95), P(x.Metrics.Cvar95), F(x.Metrics.Turnover),
        })], note);

    private static PlotSeries Series(string name, IReadOnlyList<(double X, double Return)> curve) => new(name, [.. curve.Select(c => c.X)], [.. curve.Select(c => c.Return)]);

    private static string Pm(MeanInterval m) => I($"{m.Mean:F2} ± {m.HalfWidth:F2}");

    private static string Met(MeanInterval m) => m.Mean - m.HalfWidth > 0 ? "beats" : "does not beat at 95%";

    private static string F(double x) => x.ToString("F2", CultureInfo.InvariantCulture);

    private static string P(double x) => (100 * x).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
