using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>
/// The <c>meta-eval</c> rows of a decision model on a grid family: it acts online for E episodes on each held-out task
/// (E the family's <c>episodes</c> setting, 10 without one) with its own growing history as the context and zero
/// gradient steps (<see cref="OnlineActing"/>), and the per-episode baselines (<see cref="EpisodeBaselines"/>) play the
/// same tasks with the same per-task generators. Each method gets rows of kind <see cref="MetaEvalRow.EpisodeReturn"/>
/// (the mean return of episode k across the tasks, RL²'s curve) and <see cref="MetaEvalRow.TrialTotal"/> (the total of
/// the first k episodes); on the families whose oracle plays no episodes here the single-episode baselines come last
/// (those the per-episode ones do not already name).
/// </summary>
public static class EpisodeEvaluation
{
    private const long ActingStream = 0x616374; // "act"

    /// <summary>Episodes per evaluation trial on <paramref name="setup"/>'s family.</summary>
    public static int Episodes(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var settings = EnvRegistry.Settings(setup.Run.Env, setup.EnvSettings);
        return settings.Values.ContainsKey("episodes") ? settings.Int("episodes", 1) : 10;
    }

    /// <summary>The rows of <paramref name="model"/> (reading its history in <paramref name="format"/>) on <paramref name="tasks"/>.</summary>
    public static IReadOnlyList<MetaEvalRow> Rows(MetaRun run, DecisionTransformer model, ContextFormat format, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        int episodes = Episodes(run.Setup);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{run.Method} acting online for {episodes} episodes on {tasks.Count} tasks{(settings.Greedy ? " (greedy actions)" : "")}, context {model.Settings.Context}, no gradient steps"));
        var trial = OnlineActing.Run(model, format, run.Setup, tasks, episodes, Stream(evalSeed), settings.Greedy);
        var rows = new List<MetaEvalRow>(EpisodeRows(run.Method, trial.EpisodeReturns));
        var env = run.Setup.MakeEnv();
        var options = SourceOptions(run.Setup);
        var methods = EpisodeBaselines.Methods(env);
        foreach (var method in methods)
        {
            log?.Invoke($"running {method} for {episodes} episodes on the same tasks");
            rows.AddRange(EpisodeRows(method, EpisodeBaselines.Returns(run.Setup, tasks, method, episodes, options, Stream(evalSeed))));
        }
        if (!methods.Contains("oracle"))
        {
            rows.AddRange(MetaEvaluator.Classical(run, tasks.Count, evalSeed, singleEpisode: true, steps: 1, MetaEvalRow.TrialTotal)
                .Where(r => !methods.Contains(r.Method)));
        }
        return rows;
    }

    /// <summary>Per episode k (from 1): the mean return of episode k, and the mean total of the first k episodes, over
    /// the tasks that played k episodes.</summary>
    public static IEnumerable<MetaEvalRow> EpisodeRows(string method, IReadOnlyList<IReadOnlyList<double>> returns)
    {
        ArgumentNullException.ThrowIfNull(returns);
        int longest = returns.Max(r => r.Count);
        for (int k = 1; k <= longest; k++)
        {
            yield return MetaEvaluator.Row(method, k, [.. returns.Where(r => r.Count >= k).Select(r => r[k - 1])], MetaEvalRow.EpisodeReturn);
        }
        for (int k = 1; k <= longest; k++)
        {
            yield return MetaEvaluator.Row(method, k, [.. returns.Where(r => r.Count >= k).Select(r => r.Take(k).Sum())], MetaEvalRow.TrialTotal);
        }
    }

    /// <summary>The generator the model's trials are drawn from (<see cref="DptEvaluation"/>'s too).</summary>
    internal static Rng Stream(long evalSeed) => new Rng(SeedPath.Derive(evalSeed, ActingStream)).Split();

    /// <summary>The source learner's settings: the run's <c>data_settings</c> over the dataset defaults (keys that are
    /// not dataset options are skipped).</summary>
    private static DecisionDataOptions SourceOptions(MetaSetup setup)
    {
        var options = new DecisionDataOptions();
        if (setup.LearnerOptions is DatasetPretrainSettings s)
        {
            foreach (var (k, v) in s.ParsedDataSettings()) { OptionsBinder.TrySet(options, k, v); }
        }
        return options;
    }
}
