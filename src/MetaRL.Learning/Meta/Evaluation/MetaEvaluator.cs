using MetaRL.Memory;
using MetaRL.Statistics;

namespace MetaRL.Learning.Meta;

/// <summary>Settings of a before/after-adaptation evaluation.</summary>
/// <param name="Tasks">Held-out tasks.</param>
/// <param name="Steps">Adaptation steps to report (gradient-based learners).</param>
/// <param name="EpisodesPerStep">Trajectories per adaptation step (0: the learner's own setting).</param>
/// <param name="Seed">Evaluation seed (fixes the held-out tasks and rollouts).</param>
/// <param name="Parallelism">Threads (0: all cores).</param>
/// <param name="Greedy">Trial-based learners (RL²) take the most probable action instead of sampling (their
/// exploration then comes only from the recurrent state).</param>
public sealed record MetaEvalSettings(int Tasks, IReadOnlyList<int> Steps, int EpisodesPerStep = 0, long Seed = 0, int Parallelism = 0, bool Greedy = false)
{
    /// <summary>What <c>metarl meta-eval</c> uses unless told otherwise: 40 held-out tasks, steps 0, 1, 2, 3, the learner's
    /// episodes per step (0), seed 0.</summary>
    public static MetaEvalSettings Default { get; } = new(40, [0, 1, 2, 3]);
}

/// <summary>
/// The before/after-adaptation table of a run against its baselines on the same held-out tasks, as the
/// run's <see cref="MetaAlgorithm.Evaluate"/> builds it. Gradient-based learners (and the <c>pretrained</c> and <c>random-init</c> baselines, adapted with the
/// same budget) report the mean episode return after each number of VPG steps; RL² and its baselines
/// report the total reward per trial (steps = episodes per trial), and every 1…n-episode prefix of the
/// trial for multi-episode trials. The family's oracle and classical baselines (the names
/// <c>metarl baselines</c> prints) run on the same tasks.
/// </summary>
public static class MetaEvaluator
{
    /// <summary>Evaluates <paramref name="run"/>; rows in method order, then steps. A generalist run (one model over
    /// several families) is evaluated family by family, each on its own held-out tasks beside its own baselines, exactly
    /// as a specialist run of the family with the same seed would be; its rows carry the family
    /// (<see cref="MetaEvalRow.Family"/>), in the order of the run's families.</summary>
    public static IReadOnlyList<MetaEvalRow> Evaluate(MetaRun run, MetaEvalSettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        if (!run.Setup.IsMixture) { return EvaluateOne(run, settings, log); }
        var rows = new List<MetaEvalRow>();
        for (int i = 0; i < run.Setup.Families.Count; i++)
        {
            var family = run.ForFamily(i);
            string id = family.Setup.Run.Env;
            log?.Invoke($"{id}:");
            rows.AddRange(EvaluateOne(family, settings, log).Select(r => r with { Family = id }));
        }
        return rows;
    }

    private static IReadOnlyList<MetaEvalRow> EvaluateOne(MetaRun run, MetaEvalSettings settings, Action<string>? log)
    {
        var shape = ModelShape.Of(run.Setup.MakeEnv());
        MemoryLimit.Current.Check(new MemoryEstimate()
            .Add("tasks", $"{MemoryEstimate.Count(settings.Tasks)} held-out tasks, each an object and a result per reported step", settings.Tasks * (MemoryEstimate.TaskBytes + 8.0 * settings.Steps.Count))
            .Buffer("episodes", "one task's trajectories at one step (a step each at the least)", Math.Max(1, settings.EpisodesPerStep), shape.Observations + 4)
            .Include(EnvRegistry.Footprint(run.Setup.Run.Env, run.Setup.EnvSettings).Task, settings.Tasks, "tasks", "held-out tasks"));
        var tasks = run.HeldOutTasks(settings.Tasks, settings.Seed);
        int degree = MetaParallel.Degree(settings.Parallelism);
        long evalSeed = run.EvalSeed(settings.Seed);
        return [.. run.Setup.Algorithm.Evaluate(run, tasks, settings, evalSeed, degree, log)];
    }

    /// <summary>The mean and 95% CI half-width (1.96·s/√n) of one value per task.</summary>
    public static MetaEvalRow Row(string method, int steps, IReadOnlyList<double> values, string kind = MetaEvalRow.AfterSteps)
    {
        var m = MeanInterval.Of(values);
        return new MetaEvalRow(method, steps, m.Mean, m.HalfWidth, m.N, kind);
    }

    /// <summary>The family's oracle and classical baselines on the held-out tasks (same task stream).</summary>
    internal static IEnumerable<MetaEvalRow> Classical(MetaRun run, int tasks, long evalSeed, bool singleEpisode, int steps, string kind = MetaEvalRow.AfterSteps)
    {
        string id = run.Setup.Run.Env;
        var settings = new Dictionary<string, string>(run.Setup.EnvSettings);
        if (singleEpisode && EnvRegistry.Settings(id, settings).Values.ContainsKey("episodes")) { settings["episodes"] = "1"; }
        var methods = BaselineRunner.Methods(id).ToArray();
        if (methods.Length == 0) { yield break; }
        foreach (var row in BaselineRunner.Run(id, settings, tasks, evalSeed, methods))
        {
            yield return new MetaEvalRow(row.Method, steps, row.Mean, row.Ci95, row.N, kind)
            {
                Metrics = row.Metrics?.ToDictionary(kv => kv.Key, kv => new MetricSummary(kv.Value.Mean, kv.Value.HalfWidth, kv.Value.N), StringComparer.Ordinal),
            };
        }
    }
}
