using System.Diagnostics;
using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Applications;

/// <summary>One method's figures on the held-out maps in one episode of the trial (1 = the first visit to a map).</summary>
public sealed record NavigationRow(string Method, int Episode, NavSummary Summary);

/// <summary>What <see cref="NavigationJourney"/> measured: every method on every episode of the held-out maps, the maps'
/// oracle figures (mean shortest path length to the goal's disc and its time at top speed), and the learning curves
/// (RL²: iteration, mean first-episode return and mean trial return; PPO: step, recent episode return).</summary>
public sealed record NavigationJourneyResult(NavigationJourneyOptions Options, Nav2DConfig Config, IReadOnlyList<NavigationRow> HeldOut,
    double OracleLength, double OracleTime, IReadOnlyList<(double X, double First, double Trial)> Rl2Curve, IReadOnlyList<(double X, double Return)> PpoCurve, double Seconds)
{
    /// <summary>The row of <paramref name="method"/> in <paramref name="episode"/> (the last one by default).</summary>
    public NavigationRow Row(string method, int? episode = null) => HeldOut.Single(r => r.Method == method && r.Episode == (episode ?? Options.Episodes));
}

/// <summary>
/// The navigation journey of <c>metarl app navigation</c>: RL² meta-trained across the training maps of
/// Nav2DObstacles-v0 (trials of several episodes on one map, so its recurrent state can learn the map in the first
/// episode and use it in the next), PPO trained on the same maps as the non-adaptive policy, then both beside the
/// baselines (the oracle follower, greedy and random, <see cref="NavControllers"/>) on the same held-out maps, episode by
/// episode. The runs are written to <c>DIR/rl2</c> and <c>DIR/ppo</c>.
/// </summary>
public static class NavigationJourney
{
    /// <summary>The learned methods, then the baselines, in report order.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["rl2", "ppo", .. NavControllers.Methods.Reverse()];

    /// <summary>Seed stream of the evaluation episodes, apart from training's.</summary>
    private const long EvaluationStream = 32_003;

    /// <summary>Runs the journey into <paramref name="directory"/>, telling <paramref name="log"/> each phase.</summary>
    public static NavigationJourneyResult Run(NavigationJourneyOptions options, string directory, Action<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var config = Nav2DSettings.Read(EnvRegistry.Settings("Nav2DObstacles-v0", options.TrainSettings()));
        string rl2Dir = Path.Combine(directory, "rl2"), ppoDir = Path.Combine(directory, "ppo");
        var rl2Curve = new List<(double, double, double)>();
        log?.Invoke($"meta-training RL² on Nav2DObstacles-v0 ({options.Rl2Iterations} iterations of {options.TrialsPerIteration} maps of {options.TrainMaps} training maps, {options.Episodes} episodes each) -> {rl2Dir}");
        var meta = new MetaTrainer(MetaSetup.Parse(options.Rl2Pairs()), rl2Dir).Run(false, p => rl2Curve.Add((p.Iteration + 1, p.Pre, p.Post)), log, cancel, overwrite: true);
        cancel.ThrowIfCancellationRequested();
        if (meta.Summary.Status == RunSummary.Diverged) { throw new InvalidOperationException($"RL² diverged: {meta.Summary.Error}"); }
        log?.Invoke($"training the non-adaptive PPO policy ({options.PpoSteps:N0} steps) -> {ppoDir}");
        var ppoCurve = JourneyTraining.Ppo(options.PpoPairs(), ppoDir, log, cancel);

        var maps = Enumerable.Range(0, options.HeldOutMaps).Select(i => NavMaps.Generate(config, "test", i)).ToArray();
        log?.Invoke($"scoring RL², PPO and the baselines on {maps.Length} held-out maps, {options.Episodes} episodes each");
        long seed = SeedPath.Derive(options.Seed, EvaluationStream);
        var outcomes = new Dictionary<string, List<NavOutcome>[]>(StringComparer.Ordinal);
        foreach (var m in Methods) { outcomes[m] = [.. Enumerable.Range(0, options.Episodes).Select(_ => new List<NavOutcome>())]; }
        var rl2 = MetaRun.Load(rl2Dir);
        foreach (var env in Rl2Algorithm.PlayTrials(rl2, maps, seed, greedy: true))
        {
            var played = env.Find<Nav2DObstacles>()!.Outcomes;
            for (int e = 0; e < options.Episodes; e++)
            {
                // A trial cut short (it has a step limit) scores its missing episodes as failures.
                outcomes["rl2"][e].Add(e < played.Count ? played[e] : new NavOutcome(false, false, 0, 0, env.Find<Nav2DObstacles>()!.OracleLength));
            }
        }
        var ppo = TrainedRun.Load(new RunDirectory(ppoDir), "score").Algorithm;
        Play(options, maps, outcomes["ppo"], seed, (nav, rng, obs, action) => ppo.ActGreedy(obs, action), _ => { });
        foreach (var method in NavControllers.Methods)
        {
            var controller = NavControllers.Create(method);
            Play(options, maps, outcomes[method], seed, (nav, rng, obs, action) => controller.Act(nav, rng, action), controller.Begin);
        }
        var rows = Methods.SelectMany(m => Enumerable.Range(0, options.Episodes).Select(e => new NavigationRow(m, e + 1, NavMetrics.Summarize(outcomes[m][e], config.Dt)))).ToArray();
        var paths = maps.Select(m => NavOracle.ShortestPath(m, config.Margin)!.Length - config.GoalRadius).ToArray();
        return new NavigationJourneyResult(options, config, rows, paths.Average(), paths.Average() / config.MaxSpeed, rl2Curve, ppoCurve, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Plays <paramref name="act"/> for the trial's episodes on each map, recording each episode's outcome.</summary>
    private static void Play(NavigationJourneyOptions options, IReadOnlyList<NavMapTask> maps, List<NavOutcome>[] outcomes, long seed,
        Action<Nav2DObstacles, Rng, float[], float[]> act, Action<Nav2DObstacles> begin)
    {
        var env = EnvRegistry.Make("Nav2DObstacles-v0", options.TrainSettings());
        var nav = env.Find<Nav2DObstacles>()!;
        var obs = env.NewObservation();
        var action = new float[2];
        var rng = new Rng(seed);
        env.Reset(obs, seed);
        foreach (var map in maps)
        {
            nav.SetTask(map);
            for (int e = 0; e < options.Episodes; e++)
            {
                env.Reset(obs);
                begin(nav);
                StepResult r = default;
                while (!r.Done)
                {
                    act(nav, rng, obs, action);
                    r = env.Step(action, obs);
                }
                outcomes[e].Add(nav.Outcomes[^1]);
            }
        }
    }
}
