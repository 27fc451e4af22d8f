using MetaRL.Learning.Applications;
using MetaRL.Statistics;
using MetaRL.Tracking.Plots;
using MetaRL.Tracking.Reports;

namespace MetaRL.Cli.Commands.Apps;

/// <summary>The report, the results file and the target verdict of <c>metarl app navigation</c>.</summary>
internal static class NavigationReport
{
    private static readonly string[] Header = ["method", "episode", "success", "collision", "path / oracle", "time to goal (s)", "n"];

    /// <summary>The report of <paramref name="r"/>.</summary>
    public static ApplicationReport Build(NavigationJourneyResult r, bool quick)
    {
        var o = r.Options;
        var c = r.Config;
        string lead = I($"Nav2DObstacles-v0, {c.Arena} m arena with {c.Circles} circles and {c.Rects} rectangles, {c.Beams} lidar beams of {c.Range} m; {o.TrainMaps} training maps, {o.HeldOutMaps} held-out maps, {o.Episodes} episodes per map; seed {o.Seed}; {(quick ? "quick budget" : "full budget")}: RL² {o.Rl2Iterations} iterations × {o.TrialsPerIteration} maps (GRU {o.HiddenSize}), PPO {o.PpoSteps:N0} steps; {r.Seconds:F0} s.");
        var sections = new List<ReportSection>
        {
            new("The task",
            [
                I($"A point robot crosses a {c.Arena} m square arena to a goal among circular and rectangular obstacles. Each step ({c.Dt} s) it commands a velocity (up to {c.MaxSpeed} m/s); the velocity follows the command with an acceleration of at most {c.MaxAccel} m/s². It sees {c.Beams} lidar ranges (up to {c.Range} m, evenly spaced directions), the goal's direction and distance, and its own velocity, never the map. Touching an obstacle or a wall ends the episode with a penalty of {c.CollisionPenalty}; the reward is the progress toward the goal ({c.Progress} per metre of straight-line distance) less {c.StepCost} a step, plus {c.GoalBonus} on coming within {c.GoalRadius} m of the goal. An episode has at most the max_steps setting's steps."),
                I($"Tasks are maps: obstacles placed uniformly at random, then a start and a goal at least {c.MinDistance} m apart and {c.Clearance} m from every obstacle and wall, redrawn until the oracle finds a path. The held-out maps come from seeds the training maps never use."),
                I($"The oracle is the shortest path on a visibility graph over the obstacles inflated by {c.Margin} m (circles as circumscribed {NavOracle.CircleSides}-gons). Path / oracle is the distance travelled over the oracle's length to the goal's disc (its path less the goal radius), over successful episodes; on the held-out maps the oracle's path averages {r.OracleLength:F2} m, {r.OracleTime:F2} s at top speed."),
                I($"rl2 is meta-trained with trials of {o.Episodes} episodes on one map, its GRU state carried across them, so what it learns of a map in episode 1 it may use in episode {o.Episodes}. ppo is the non-adaptive policy: PPO's MLP on the same observation and training maps, without memory. oracle follows the oracle's path (planned with a {OracleFollower.FollowMargin} m margin, braking before corners); greedy drives straight at the goal; random commands uniform velocities. The policies act greedily (their mean action)."),
            ], [], []),
            new("Held-out maps", [Verdict(r)], [Table(r)],
            [
                new ReportChart(new ChartSpec("Success rate by episode on a held-out map", "episode of the trial", "success rate", IntegerX: true),
                    [.. NavigationJourney.Methods.Select(m => Series(m, r, s => s.Success.Mean))]),
                new ReportChart(new ChartSpec("RL² meta-training", "iteration", "mean return"),
                    [new PlotSeries("episode 1", [.. r.Rl2Curve.Select(p => p.X)], [.. r.Rl2Curve.Select(p => p.First)]),
                     new PlotSeries($"trial ({o.Episodes} episodes)", [.. r.Rl2Curve.Select(p => p.X)], [.. r.Rl2Curve.Select(p => p.Trial)])]),
                new ReportChart(new ChartSpec("PPO training", "environment step", "recent episode return"),
                    [new PlotSeries("ppo", [.. r.PpoCurve.Select(p => p.X)], [.. r.PpoCurve.Select(p => p.Return)])]),
            ]),
            new("Limits",
            [
                "The robot is a point with perfect odometry and noiseless lidar; obstacles are static, convex and axis-aligned where rectangular. The oracle knows the map; the policies see only the lidar, so a long detour around an obstacle beyond the lidar's range is found by exploring. The oracle's length is over polygons that contain the inflated circles, so it is a few per cent longer than the true shortest path around circles, and ignores the acceleration bound (its time is a lower bound).",
            ], [], []),
        };
        return new ApplicationReport("Robot navigation among obstacles (Nav2DObstacles-v0)", lead, sections);
    }

    /// <summary>Whether RL² after adaptation (its last episode on each held-out map) met the target: ≥ 95% success with
    /// path length ≤ 1.2 × the oracle's.</summary>
    public static string Verdict(NavigationJourneyResult r)
    {
        var s = r.Row("rl2").Summary;
        bool success = s.Success.Mean >= 0.95, path = s.PathRatio.N > 0 && s.PathRatio.Mean <= 1.2;
        return I($"Target (held-out maps, RL² in episode {r.Options.Episodes}): success ≥ 0.95: {s.Success.Mean:F3} ± {s.Success.HalfWidth:F3} ({Yes(success)}); path ≤ 1.2 × the oracle's: {F(s.PathRatio.Mean)} ({Yes(path)}); in episode 1: success {r.Row("rl2", 1).Summary.Success.Mean:F3}.");
    }

    /// <summary>The results as JSON: the options and settings, the oracle figures, one row per method and episode.</summary>
    public static string Json(NavigationJourneyResult r) => JsonSerializer.Serialize(new
    {
        seed = r.Options.Seed,
        episodes = r.Options.Episodes,
        train_maps = r.Options.TrainMaps,
        held_out_maps = r.Options.HeldOutMaps,
        rl2_iterations = r.Options.Rl2Iterations,
        trials_per_iteration = r.Options.TrialsPerIteration,
        ppo_steps = r.Options.PpoSteps,
        env_settings = r.Options.EnvSettings,
        seconds = Math.Round(r.Seconds, 1),
        oracle_length = Math.Round(r.OracleLength, 4),
        oracle_time = Math.Round(r.OracleTime, 4),
        held_out = r.HeldOut.Select(x => new
        {
            method = x.Method,
            episode = x.Episode,
            success = R(x.Summary.Success.Mean),
            success_ci95 = R(x.Summary.Success.HalfWidth),
            collision = R(x.Summary.Collision.Mean),
            path_ratio = x.Summary.PathRatio.N > 0 ? R(x.Summary.PathRatio.Mean) : (double?)null,
            path_ratio_ci95 = x.Summary.PathRatio.N > 0 ? R(x.Summary.PathRatio.HalfWidth) : (double?)null,
            time_to_goal = x.Summary.TimeToGoal.N > 0 ? R(x.Summary.TimeToGoal.Mean) : (double?)null,
            n = x.Summary.Episodes,
        }),
        verdict = Verdict(r),
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The held-out table as text.</summary>
    public static void WriteTable(TextWriter o, NavigationJourneyResult r)
    {
        var t = Table(r);
        TextTable.Write(o, [.. t.Header], [.. t.Rows], new HashSet<int>([2, 3, 4, 5, 6]));
    }

    private static ReportTable Table(NavigationJourneyResult r) =>
        new(Header, [.. r.HeldOut.Select(x => new[]
        {
            x.Method, I($"{x.Episode}"), Pm(x.Summary.Success), F(x.Summary.Collision.Mean), x.Summary.PathRatio.N > 0 ? Pm(x.Summary.PathRatio) : "",
            x.Summary.TimeToGoal.N > 0 ? F(x.Summary.TimeToGoal.Mean) : "", I($"{x.Summary.Episodes}"),
        })], "Rates over the held-out maps (± Wald 95%); path / oracle and time to goal over the successful episodes (± 95%).");

    private static PlotSeries Series(string method, NavigationJourneyResult r, Func<NavSummary, double> pick)
    {
        var rows = r.HeldOut.Where(x => x.Method == method).OrderBy(x => x.Episode).ToArray();
        return new PlotSeries(method, [.. rows.Select(x => (double)x.Episode)], [.. rows.Select(x => pick(x.Summary))]);
    }

    private static double R(double v) => Math.Round(v, 6);

    private static string Pm(MeanInterval m) => I($"{m.Mean:F3} ± {m.HalfWidth:F3}");

    private static string F(double x) => double.IsNaN(x) ? "" : x.ToString("F3", CultureInfo.InvariantCulture);

    private static string Yes(bool b) => b ? "met" : "not met";

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
