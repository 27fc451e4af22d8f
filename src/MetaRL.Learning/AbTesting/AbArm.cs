namespace MetaRL.Learning.AbTesting;

/// <summary>
/// One arm of an A/B test on RecSlate-v0: it plays one session (episode) for each user it is given, on its own environment,
/// and records the user in a <see cref="RecSlateMetrics"/> (the same metrics <c>metarl baselines</c> prints). A baseline arm
/// acts through <see cref="RecSlateTrials"/>; a run arm acts greedily with the run's newest checkpoint (<see cref="TrainedRun"/>).
/// </summary>
public sealed class AbArm
{
    private readonly Env _env;
    private readonly ITaskEnv _tasks;
    private readonly RecSlateMetrics _metrics = new();
    private readonly Func<Rng, double> _play;
    private readonly Rng _rng;

    private AbArm(string label, Env env, Func<AbArm, Func<Rng, double>> play, long seed)
    {
        Label = label;
        _env = env;
        _tasks = env.Find<ITaskEnv>() ?? throw new ArgumentException($"{label}: the environment has no task distribution");
        _env.Reset(_env.NewObservation(), seed); // fixes the environment's own stream (choices, watch times)
        _rng = new Rng(seed + 1);
        _play = play(this);
    }

    /// <summary>The arm as given: a baseline name or a run directory.</summary>
    public string Label { get; }

    /// <summary>The per-user values of <paramref name="metric"/> so far, in the order the arm's users came.</summary>
    public IReadOnlyList<double> Values(string metric) => _metrics.PerUser(metric) ?? throw new ArgumentException($"unknown metric '{metric}'");

    /// <summary>Plays one session of <paramref name="user"/>.</summary>
    public void Play(EnvTask user)
    {
        _tasks.SetTask(user);
        _play(_rng);
    }

    /// <summary>
    /// The arm named <paramref name="arm"/>: one of <paramref name="envId"/>'s baselines (<see cref="BaselineRunner.Methods"/>)
    /// on <paramref name="settings"/>, or else a run directory, whose run must have been trained on <paramref name="envId"/>
    /// with exactly the resolved <paramref name="settings"/>. A problem raises <see cref="ArgumentException"/> saying what.
    /// </summary>
    /// <exception cref="RunFormatException">The run directory has no config or checkpoint, or cannot be read.</exception>
    public static AbArm Open(string arm, string envId, IReadOnlyDictionary<string, string> settings, long seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(arm);
        var methods = BaselineRunner.Methods(envId);
        if (methods.Contains(arm)) { return Baseline(arm, envId, settings, seed); }
        if (!Directory.Exists(arm)) { throw new ArgumentException($"unknown arm '{arm}': neither a baseline of {envId} ({string.Join(", ", methods)}) nor a run directory"); }
        var run = TrainedRun.Load(new RunDirectory(arm), "play in an A/B test");
        if (run.Config.Run.Env != envId) { throw new ArgumentException($"arm '{arm}' was trained on {run.Config.Run.Env}, not {envId}"); }
        var expected = EnvRegistry.Settings(envId, settings).Values;
        var differ = expected.Keys.Union(run.Config.EnvSettings.Keys).Order(StringComparer.Ordinal)
            .Where(k => expected.GetValueOrDefault(k) != run.Config.EnvSettings.GetValueOrDefault(k))
            .Select(k => $"{k}={run.Config.EnvSettings.GetValueOrDefault(k) ?? "(unset)"} (test: {expected.GetValueOrDefault(k) ?? "(unset)"})").ToList();
        if (differ.Count > 0) { throw new ArgumentException($"arm '{arm}' was trained with other {envId} settings than the test's: {string.Join(", ", differ)}"); }
        return Run(arm, run, seed);
    }

    /// <summary>The baseline <paramref name="method"/> of <paramref name="envId"/> on an environment with <paramref name="settings"/>.</summary>
    public static AbArm Baseline(string method, string envId, IReadOnlyDictionary<string, string> settings, long seed)
    {
        var env = EnvRegistry.Make(envId, settings);
        return new AbArm(method, env, arm => { var run = RecSlateTrials.Runner(method, env, arm._metrics); return rng => run(1, rng); }, seed);
    }

    /// <summary>A trained run acting greedily on an environment built from its own config's settings.</summary>
    public static AbArm Run(string label, TrainedRun run, long seed)
    {
        ArgumentNullException.ThrowIfNull(run);
        var env = EnvRegistry.Make(run.Config.Run.Env, run.Config.EnvSettings);
        return new AbArm(label, env, arm => Greedy(run.Algorithm, env, arm._metrics), seed);
    }

    private static Func<Rng, double> Greedy(Algorithm algorithm, Env env, RecSlateMetrics metrics)
    {
        var sim = env.Find<RecSlate>() ?? throw new ArgumentException("a run arm needs a RecSlate environment");
        var obs = env.NewObservation();
        var action = new float[env.ActionSpace.Size];
        return _ =>
        {
            metrics.BeginUser();
            env.Reset(obs);
            (algorithm as IRecurrentActor)?.ResetState();
            metrics.BeginSession();
            double total = 0;
            StepResult r = default;
            while (!r.Done)
            {
                algorithm.ActGreedy(obs, action);
                metrics.Offered(sim);
                r = env.Step(action, obs);
                metrics.Stepped(sim);
                total += r.Reward;
            }
            metrics.EndUser();
            return total;
        };
    }
}
