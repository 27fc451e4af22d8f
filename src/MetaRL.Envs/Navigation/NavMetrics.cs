using MetaRL.Statistics;

namespace MetaRL.Envs;

/// <summary>The navigation figures of a set of episodes (<see cref="NavMetrics.Summary"/>): success and collision rates,
/// and over the successful episodes the path length over the oracle's and the time to the goal in seconds; each a mean
/// with its 95% interval (Wald for the rates).</summary>
public sealed record NavSummary(MeanInterval Success, MeanInterval Collision, MeanInterval PathRatio, MeanInterval TimeToGoal, int Episodes);

/// <summary>
/// The navigation metrics of <see cref="Nav2DObstacles"/> over episodes (<see cref="NavOutcome"/>s): <c>success</c> (the
/// fraction that reached the goal), <c>collision</c> (the fraction that hit an obstacle or a wall; the rest ran out of
/// time), <c>path_ratio</c> (distance travelled over the oracle's shortest path length, successful episodes only) and
/// <c>time_to_goal</c> (seconds, successful episodes only).
/// </summary>
public sealed class NavMetrics
{
    /// <summary>The metric names, in the order they print.</summary>
    public static readonly string[] Names = ["success", "collision", "path_ratio", "time_to_goal"];

    /// <summary>What the names mean, for a table's header.</summary>
    public const string Legend = "per episode (mean ± 95% CI): success and collision rates; over successful episodes, path_ratio = distance travelled / the oracle's shortest path and time_to_goal in seconds";

    private readonly List<NavOutcome> _outcomes = [];

    /// <summary>The outcomes recorded so far, in order.</summary>
    public IReadOnlyList<NavOutcome> Outcomes => _outcomes;

    /// <summary>Records one episode.</summary>
    public void Add(NavOutcome outcome) => _outcomes.Add(outcome ?? throw new ArgumentNullException(nameof(outcome)));

    /// <summary>The figures of the recorded episodes, <paramref name="dt"/> seconds a step.</summary>
    public NavSummary Summary(double dt) => Summarize(_outcomes, dt);

    /// <summary>The figures of <paramref name="outcomes"/>, <paramref name="dt"/> seconds a step.</summary>
    public static NavSummary Summarize(IReadOnlyList<NavOutcome> outcomes, double dt)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var reached = outcomes.Where(o => o.Success).ToArray();
        return new NavSummary(Rate(outcomes, o => o.Success), Rate(outcomes, o => o.Collision),
            MeanInterval.Of([.. reached.Select(o => o.PathRatio)]), MeanInterval.Of([.. reached.Select(o => o.Steps * dt)]), outcomes.Count);
    }

    /// <summary>The figures by name (<see cref="Names"/>); path_ratio and time_to_goal are left out while no episode succeeded.</summary>
    public IReadOnlyDictionary<string, MeanInterval> Summaries(double dt)
    {
        var s = Summary(dt);
        var d = new Dictionary<string, MeanInterval>(StringComparer.Ordinal) { ["success"] = s.Success, ["collision"] = s.Collision };
        if (s.PathRatio.N > 0) { d["path_ratio"] = s.PathRatio; d["time_to_goal"] = s.TimeToGoal; }
        return d;
    }

    /// <summary>A rate with its Wald 95% interval, 1.96·√(p(1 − p)/n).</summary>
    private static MeanInterval Rate(IReadOnlyList<NavOutcome> outcomes, Func<NavOutcome, bool> pick)
    {
        int n = outcomes.Count;
        if (n == 0) { return new MeanInterval(double.NaN, 0, 0, 0); }
        double p = outcomes.Count(pick) / (double)n, std = Math.Sqrt(p * (1 - p));
        return new MeanInterval(p, std, 1.96 * std / Math.Sqrt(n), n);
    }
}
