namespace MetaRL.Learning.Meta;

/// <summary>
/// RL² as the commands see it (Duan et al. 2016): a recurrent policy that adapts within a trial, so its
/// tables run over the episodes of a trial (every 1…n-episode prefix), beside a freshly initialised policy
/// and the family's oracle and classical baselines; <c>adapt</c> saves the policy with its recurrent state.
/// </summary>
public sealed class Rl2Algorithm : MetaAlgorithm
{
    /// <inheritdoc />
    public override string Name => "rl2";

    /// <inheritdoc />
    public override string Description => "RL²: a recurrent policy over trials of several episodes, trained with recurrent PPO (Duan et al. 2016)";

    /// <inheritdoc />
    public override bool AdaptsByGradient => false;

    /// <inheritdoc />
    public override ILearnerOptions CreateOptions() => new Rl2Options();

    /// <inheritdoc />
    public override MetaLearner CreateLearner(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return new Rl2(setup, (Rl2Options)setup.LearnerOptions, setup.Run.Seed);
    }

    /// <summary>The recurrent policy an <see cref="Rl2"/> learner seeded with <paramref name="seed"/> starts from,
    /// and its pool of trial environments, without the learner (no optimiser).</summary>
    public static (Rl2Policy Policy, EnvPool Pool) CreatePolicy(MetaSetup setup, long seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = (Rl2Options)setup.LearnerOptions;
        var pool = new EnvPool(() => Rl2.MakeTrial(setup, options, setup.EnvSettings));
        return (CreatePolicy(setup, options, pool.Prototype, seed), pool);
    }

    /// <summary>The recurrent policy for <paramref name="trialEnv"/> (a trial of the family), initialised from
    /// <paramref name="seed"/> as <see cref="Rl2"/> does, with the belief head and privileged critic the options ask for.</summary>
    public static Rl2Policy CreatePolicy(MetaSetup setup, Rl2Options options, Env trialEnv, long seed)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(trialEnv);
        bool belief = options.BeliefCoef > 0;
        int taskFeatures = belief || options.PrivilegedCritic
            ? Rl2Belief.FeatureCount(trialEnv.Find<ITaskEnv>()!, setup.Run.Env, belief ? "belief_coef" : "privileged_critic")
            : 0;
        return new Rl2Policy(trialEnv.ObservationSpace.Size, trialEnv.ActionSpace, options.HiddenSize, new Rng(SeedPath.Derive(seed, -1)), options.SeparateCritic, options.Cell,
            belief ? taskFeatures : 0, options.PrivilegedCritic ? taskFeatures : 0, options.HeadHidden);
    }

    /// <summary>The recurrent policy of <paramref name="run"/> (its newest model) with a pool of trial-wrapped environments.</summary>
    internal static (Rl2Policy Policy, EnvPool Pool) LoadPolicy(MetaRun run)
    {
        var (policy, pool) = CreatePolicy(run.Setup, run.Setup.Run.Seed);
        MetaRun.LoadInto(policy, run.ModelPath);
        return (policy, pool);
    }

    /// <inheritdoc />
    protected override (Module Policy, EnvPool Pool)? LoadTrained(MetaRun run) => LoadPolicy(run);

    /// <summary>Plays one trial of <paramref name="run"/>'s policy on each task (sampled actions unless
    /// <paramref name="greedy"/>) and returns the trial environments as the trials left them, for a caller that reads what
    /// an environment records of its last episode (a market's daily returns and the path they were earned on).
    /// <paramref name="settings"/> override the run's environment settings (recorded prices instead of generated ones).</summary>
    public static IReadOnlyList<Env> PlayTrials(MetaRun run, IReadOnlyList<EnvTask> tasks, long seed, bool greedy = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tasks);
        var (policy, _) = LoadPolicy(run);
        var options = (Rl2Options)run.Setup.LearnerOptions;
        var merged = new Dictionary<string, string>(run.Setup.EnvSettings);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) { merged[k] = v; }
        var envs = Enumerable.Range(0, tasks.Count).Select(_ => Rl2.MakeTrial(run.Setup, options, merged)).ToArray();
        TrialSampler.Run(policy, envs, tasks, new Rng(seed), options.MaxTrialSteps, greedy);
        return envs;
    }

    /// <inheritdoc />
    public override IEnumerable<MetaEvalRow> Evaluate(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        var options = (Rl2Options)run.Setup.LearnerOptions;
        var rows = new List<MetaEvalRow>();
        var (policy, pool) = LoadPolicy(run);
        var fresh = CreatePolicy(run.Setup, options, pool.Prototype, SeedPath.Derive(run.Setup.Run.Seed, -8));
        int episodes = ((TrialWrapper)pool.Prototype).Episodes;
        foreach (var (method, p) in new[] { (run.Method, policy), ("random-init", fresh) })
        {
            log?.Invoke($"running {method} trials on {tasks.Count} tasks{(settings.Greedy ? " (greedy actions)" : "")}");
            var batch = Rl2.Collect(p, pool, tasks, evalSeed, degree, options.MaxTrialSteps, settings.Greedy);
            for (int k = episodes > 1 ? 1 : episodes; k <= episodes; k++)
            {
                rows.Add(MetaEvaluator.Row(method, k, [.. batch.EpisodeReturns.Select(e => e.Take(k).Sum())], MetaEvalRow.TrialTotal));
            }
            // Adaptation within the trial: the return of each of its episodes (a trial cut short has fewer).
            for (int k = 1; k <= episodes; k++)
            {
                var returns = batch.EpisodeReturns.Where(e => e.Count >= k).Select(e => e[k - 1]).ToList();
                if (returns.Count > 0) { rows.Add(MetaEvaluator.Row(method, k, returns, MetaEvalRow.EpisodeReturn)); }
            }
        }
        rows.AddRange(MetaEvaluator.Classical(run, tasks.Count, evalSeed, singleEpisode: false, steps: episodes, MetaEvalRow.TrialTotal));
        return rows;
    }

    /// <inheritdoc />
    public override double[] MethodReturns(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var (policy, pool) = LoadPolicy(run);
        log?.Invoke($"running {run.Method} trials on {tasks.Count} tasks{(settings.Greedy ? " (greedy actions)" : "")}");
        return Rl2.Collect(policy, pool, tasks, evalSeed, degree, ((Rl2Options)run.Setup.LearnerOptions).MaxTrialSteps, settings.Greedy).TrialReturns();
    }

    /// <inheritdoc />
    public override AdaptedPolicy Adapt(MetaRun run, EnvTask task, Rng rng, int? steps, int? episodes)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = new Dictionary<string, string>(run.Setup.EnvSettings);
        if (episodes is int k) { settings["episodes"] = k.ToString(CultureInfo.InvariantCulture); }
        var (policy, _) = LoadPolicy(run);
        var options = (Rl2Options)run.Setup.LearnerOptions;
        var pool = new EnvPool(() => Rl2.MakeTrial(run.Setup, options, settings));
        var batch = TrialSampler.Run(policy, pool.Rent(1), [task], rng, options.MaxTrialSteps);
        Tensor hidden;
        using (Autograd.Autograd.NoGrad())
        {
            hidden = policy.Encode(Tensor.FromArray(batch.Observations, batch.Steps, 1, batch.ObservationSize)).Last;
        }
        return new AdaptedPolicy(batch.EpisodeReturns[0], policy, new Dictionary<string, Tensor> { ["hidden"] = hidden.Detach() }, new Dictionary<string, string>());
    }
}
