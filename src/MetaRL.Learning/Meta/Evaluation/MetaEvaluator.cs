using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Statistics;
using MetaRL.Tracking;

namespace MetaRL.Learning.Meta;

/// <summary>Settings of a before/after-adaptation evaluation.</summary>
/// <param name="Tasks">Held-out tasks.</param>
/// <param name="Steps">Adaptation steps to report (gradient-based learners).</param>
/// <param name="EpisodesPerStep">Trajectories per adaptation step (0: the learner's own setting).</param>
/// <param name="Seed">Evaluation seed (fixes the held-out tasks and rollouts).</param>
/// <param name="Parallelism">Threads (0: all cores).</param>
/// <param name="Greedy">Trial-based learners (RL²) take the most probable action instead of sampling (their
/// exploration then comes only from the recurrent state).</param>
public sealed record MetaEvalSettings(int Tasks, IReadOnlyList<int> Steps, int EpisodesPerStep = 0, long Seed = 0, int Parallelism = 0, bool Greedy = false);

/// <summary>
/// The before/after-adaptation table of a run against its baselines on the same held-out tasks.
/// Gradient-based learners (and the <c>pretrained</c> and <c>random-init</c> baselines, adapted with the
/// same budget) report the mean episode return after each number of VPG steps; RL² and its baselines
/// report the total reward per trial (steps = episodes per trial), and every 1…n-episode prefix of the
/// trial for multi-episode trials. The family's oracle and classical baselines (the names
/// <c>metarl baselines</c> prints) run on the same tasks.
/// </summary>
public static class MetaEvaluator
{
    /// <summary>Evaluates <paramref name="run"/>; rows in method order, then steps.</summary>
    public static IReadOnlyList<MetaEvalRow> Evaluate(MetaRun run, MetaEvalSettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var tasks = run.HeldOutTasks(settings.Tasks, settings.Seed);
        int degree = settings.Parallelism > 0 ? settings.Parallelism : MetaParallel.DefaultDegree;
        long evalSeed = run.EvalSeed(settings.Seed);
        var rows = new List<MetaEvalRow>();
        if (MetaAlgorithms.IsGradientBased(run.Method))
        {
            if (settings.Greedy) { throw new ConfigException($"greedy evaluation applies to trial-based learners (rl2); this run's learner is {run.Method}"); }
            var (policy, pool) = run.LoadPolicy();
            var budget = Budget(run.Setup.LearnerOptions, settings.Steps.Max(), settings.EpisodesPerStep);
            void Add(string method, MetaPolicy p)
            {
                log?.Invoke($"adapting {method} on {tasks.Count} tasks");
                var curves = MetaParallel.Map(tasks.Count, degree, i =>
                    GradientAdaptation.Run(p, p.Parameters(), pool, tasks[i], budget, new Rng(SeedPath.Derive(evalSeed, i))).Curve);
                foreach (int s in settings.Steps) { rows.Add(Row(method, s, [.. curves.Select(c => c[s])])); }
            }
            Add(run.Method, policy);
            string pretrained = run.Run.File(MetaRunFiles.Pretrained);
            if (File.Exists(pretrained))
            {
                var pre = MetaAlgorithms.CreatePolicy(run.Setup, pool.Prototype, 0);
                MetaRun.LoadInto(pre, pretrained);
                Add("pretrained", pre);
            }
            Add("random-init", MetaAlgorithms.CreatePolicy(run.Setup, pool.Prototype, SeedPath.Derive(run.Setup.Run.Seed, -8)));
            rows.AddRange(Classical(run, tasks.Count, evalSeed, singleEpisode: true, steps: 0));
        }
        else
        {
            var (policy, pool) = run.LoadRl2();
            var fresh = new Rl2(run.Setup, (Rl2Options)run.Setup.LearnerOptions, SeedPath.Derive(run.Setup.Run.Seed, -8)).Policy;
            int episodes = ((TrialWrapper)pool.Prototype).Episodes;
            foreach (var (method, p) in new[] { (run.Method, policy), ("random-init", fresh) })
            {
                log?.Invoke($"running {method} trials on {tasks.Count} tasks{(settings.Greedy ? " (greedy actions)" : "")}");
                var batch = Rl2.Collect(p, pool, tasks, evalSeed, degree, ((Rl2Options)run.Setup.LearnerOptions).MaxTrialSteps, settings.Greedy);
                for (int k = episodes > 1 ? 1 : episodes; k <= episodes; k++)
                {
                    rows.Add(Row(method, k, [.. batch.EpisodeReturns.Select(e => e.Take(k).Sum())]));
                }
            }
            rows.AddRange(Classical(run, tasks.Count, evalSeed, singleEpisode: false, steps: episodes));
        }
        return rows;
    }

    /// <summary>The mean and 95% CI half-width (1.96·s/√n) of one value per task.</summary>
    public static MetaEvalRow Row(string method, int steps, IReadOnlyList<double> values)
    {
        var m = MeanInterval.Of(values);
        return new MetaEvalRow(method, steps, m.Mean, m.HalfWidth, m.N);
    }

    /// <summary>The adaptation budget of a gradient-based learner's options.</summary>
    public static AdaptationBudget Budget(object options, int steps, int episodes = 0) => options is GradientMetaOptions g
        ? g.Budget(steps, episodes)
        : throw new ArgumentException($"{options?.GetType().Name} is not a gradient-based learner's options.");

    /// <summary>The family's oracle and classical baselines on the held-out tasks (same task stream).</summary>
    private static IEnumerable<MetaEvalRow> Classical(MetaRun run, int tasks, long evalSeed, bool singleEpisode, int steps)
    {
        string id = run.Setup.Run.Env;
        var settings = new Dictionary<string, string>(run.Setup.EnvSettings);
        if (singleEpisode && EnvRegistry.Settings(id, settings).Values.ContainsKey("episodes")) { settings["episodes"] = "1"; }
        var methods = BaselineRunner.Methods(id).ToArray();
        if (methods.Length == 0) { yield break; }
        foreach (var row in BaselineRunner.Run(id, settings, tasks, evalSeed, methods))
        {
            yield return new MetaEvalRow(row.Method, steps, row.Mean, row.Ci95, row.N);
        }
    }
}
