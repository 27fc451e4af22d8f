using MetaRL.Memory;
using MetaRL.Statistics;

namespace MetaRL.Envs;

/// <summary>
/// Runs the classical baselines and oracles of a registered family through the public environment API:
/// the trial tasks are drawn once from <c>new Rng(seed)</c> and shared by every method (common random
/// tasks), each trial pins its task and runs the id's <c>episodes</c> setting worth of episodes, and a
/// trial's score is its total reward (as in RL²'s tables).
/// </summary>
public static class BaselineRunner
{
    /// <summary>The methods available for an id (every id has <c>random</c>).</summary>
    public static IReadOnlyList<string> Methods(string id) => EnvRegistry.Describe(id).Id switch
    {
        "Bandit-v0" => ["random", "greedy", "epsilon-greedy", "ucb1", "thompson", "gittins", "oracle"],
        "TabularMDP-v0" => ["random", "greedy", "epsilon-greedy", "psrl", "oracle"],
        "GridNav-v0" or "PointNav2D-v0" or "DarkRoom-v0" => ["random", "oracle"],
        "RecSlate-v0" => ["random", "popularity", "greedy", "oracle"],
        "Nav2DObstacles-v0" => NavControllers.Methods,
        _ => ["random"],
    };

    /// <summary>Runs the named methods (all when null) for <paramref name="trials"/> trials each; with a <paramref name="log"/>
    /// (RecSlate-v0 and one method only) every decision is logged there as bandit feedback.</summary>
    public static IReadOnlyList<BaselineRow> Run(string id, IReadOnlyDictionary<string, string>? settings, int trials, long seed = 0,
        IReadOnlyList<string>? methods = null, BaselineOptions? options = null, RecSlateDecisionLog? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        options ??= BaselineOptions.Default;
        var config = EnvRegistry.Settings(id, settings);
        // Every method keeps a total per trial and samples the trials' tasks up front: checked before any is drawn.
        MemoryLimit.Current.Check(new MemoryEstimate()
            .Add("trials", $"{MemoryEstimate.Count(trials)} trials of a total reward and a task object each", trials * (8.0 + MemoryEstimate.TaskBytes))
            .Include(EnvRegistry.Footprint(id, settings).Task, trials, "trials", "trial tasks"));
        int episodes = config.Values.ContainsKey("episodes") ? config.Int("episodes", 1) : 1;
        var available = Methods(id);
        methods ??= available;
        foreach (var m in methods)
        {
            if (!available.Contains(m)) { throw new EnvConfigurationException($"{id} has no baseline '{m}'; available: {string.Join(", ", available)}."); }
        }
        if (log is not null && (id != "RecSlate-v0" || methods.Count != 1))
        {
            throw new EnvConfigurationException($"a decision log (--log-out) is written for RecSlate-v0 and one --method, not {id} with {methods.Count} methods");
        }
        var rows = new List<BaselineRow>();
        var metrics = new List<RecSlateMetrics?>();
        var navigation = new List<IReadOnlyDictionary<string, MeanInterval>?>();
        foreach (var method in methods)
        {
            var env = EnvRegistry.Make(id, settings);
            if (log is not null) { RecSlateDecisionLog.CheckSize(env.Find<RecSlate>()!.Config); }
            var dist = env.Find<ITaskEnv>();
            var tasks = dist?.SampleTasks(trials, new Rng(seed));
            var totals = new double[trials];
            var rng = new Rng(seed + 1);
            env.Reset(env.NewObservation(), seed + 2); // fixes the environment's own stream (rewards, noise)
            var recorded = id == "RecSlate-v0" ? new RecSlateMetrics() : null;
            var nav = env.Find<Nav2DObstacles>() is not null ? new NavMetrics() : null;
            var run = recorded is not null ? RecSlateTrials.Runner(method, env, recorded, log)
                : nav is not null ? NavTrials.Runner(method, env, nav)
                : TrialRunner(id, method, env, options);
            for (int i = 0; i < trials; i++)
            {
                if (tasks is not null) { dist!.SetTask(tasks[i]); }
                totals[i] = run(episodes, rng);
            }
            rows.Add(BaselineRow.From(method, totals));
            metrics.Add(recorded);
            navigation.Add(nav?.Summaries(env.Find<Nav2DObstacles>()!.Config.Dt));
        }
        // A family's metrics, with the regret to the oracle where the oracle ran on the same trials.
        int at = methods.ToList().IndexOf("oracle");
        var oracle = at >= 0 ? metrics[at] : null;
        return [.. rows.Select((r, i) => metrics[i] is { } m ? r with { Metrics = m.Summaries(oracle) } : navigation[i] is { } n ? r with { Metrics = n } : r)];
    }

    private static Func<int, Rng, double> TrialRunner(string id, string method, Env env, BaselineOptions o) => id switch
    {
        "Bandit-v0" => BanditTrials.Runner(method, env, o),
        "TabularMDP-v0" => MdpTrials.Runner(method, env, o),
        "GridNav-v0" when method == "oracle" => NavigationTrials.GridOracle(env),
        "PointNav2D-v0" when method == "oracle" => NavigationTrials.PointOracle(env),
        "DarkRoom-v0" when method == "oracle" => NavigationTrials.DarkRoomOracle(env),
        _ => NavigationTrials.RandomActions(env),
    };
}
