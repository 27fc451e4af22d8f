namespace MetaRL.Learning.Meta;

/// <summary>
/// A meta-learner adapted by vanilla-policy-gradient steps (MAML, Reptile, meta-ES): an MLP policy from
/// <see cref="GradientMetaOptions.CreatePolicy"/>, evaluated by <see cref="GradientAdaptation"/> with the
/// options' <see cref="GradientMetaOptions.Budget"/> beside the <c>pretrained</c> and <c>random-init</c>
/// baselines under the same budget, and the family's oracle and classical baselines on single episodes.
/// </summary>
/// <param name="name">The <c>--algo</c> name.</param>
/// <param name="description">One line for help texts.</param>
/// <param name="create">Builds the learner from its initialised policy, the family's pool, its options and the run seed.</param>
public sealed class GradientMetaAlgorithm<TOptions>(string name, string description, Func<MetaPolicy, EnvPool, TOptions, long, MetaLearner> create) : MetaAlgorithm
    where TOptions : GradientMetaOptions, new()
{
    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override string Description => description;

    /// <inheritdoc />
    public override bool AdaptsByGradient => true;

    /// <inheritdoc />
    public override ILearnerOptions CreateOptions() => new TOptions();

    /// <inheritdoc />
    public override MetaLearner CreateLearner(MetaSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var (policy, pool, options) = InitialPolicy(setup);
        return create(policy, pool, options, setup.Run.Seed);
    }

    /// <summary>The run's initial policy (the learner and the pretrained baseline start from the same one) with its pool.</summary>
    private static (MlpPolicy Policy, EnvPool Pool, TOptions Options) InitialPolicy(MetaSetup setup)
    {
        var options = (TOptions)setup.LearnerOptions;
        var pool = new EnvPool(setup.MakeEnv);
        return (options.CreatePolicy(pool.Prototype, SeedPath.Derive(setup.Run.Seed, -1)), pool, options);
    }

    /// <summary>The meta-learned policy of <paramref name="run"/> (its newest model) with the family's pool.</summary>
    private static (MlpPolicy Policy, EnvPool Pool) LoadPolicy(MetaRun run)
    {
        var pool = new EnvPool(run.Setup.MakeEnv);
        var policy = ((TOptions)run.Setup.LearnerOptions).CreatePolicy(pool.Prototype, 0);
        MetaRun.LoadInto(policy, run.ModelPath);
        return (policy, pool);
    }

    /// <inheritdoc />
    protected override (Module Policy, EnvPool Pool)? LoadTrained(MetaRun run) => LoadPolicy(run);

    /// <inheritdoc />
    /// <remarks>Same policy network and trajectories per task as the learner, trained by <see cref="MultiTaskPretraining"/>.</remarks>
    public override MetaPolicy? PretrainBaseline(MetaSetup setup, ITaskEnv distribution, int batch, int iterations, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(distribution);
        var run = setup.Run;
        var (policy, pool, options) = InitialPolicy(setup);
        MultiTaskPretraining.Train(policy, pool, it => distribution.SampleTasks(batch, new Rng(SeedPath.Derive(run.Seed, it, -6))),
            iterations, options.EpisodesPerTask, run.PretrainLearningRate, options.Discount, SeedPath.Derive(run.Seed, -7), MetaParallel.DefaultDegree, progress: progress);
        return policy;
    }

    /// <inheritdoc />
    public override IEnumerable<MetaEvalRow> Evaluate(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Greedy) { throw new ConfigException($"greedy evaluation applies to trial-based learners (rl2); this run's learner is {run.Method}"); }
        var options = (TOptions)run.Setup.LearnerOptions;
        var rows = new List<MetaEvalRow>();
        var (policy, pool) = LoadPolicy(run);
        var budget = options.Budget(settings.Steps.Max(), settings.EpisodesPerStep);
        void Add(string method, MetaPolicy p)
        {
            var curves = Curves(method, p, pool, tasks, budget, evalSeed, degree, log);
            foreach (int s in settings.Steps) { rows.Add(MetaEvaluator.Row(method, s, [.. curves.Select(c => c[s])])); }
        }
        Add(run.Method, policy);
        string pretrained = run.Run.PretrainedPath;
        if (File.Exists(pretrained))
        {
            var pre = options.CreatePolicy(pool.Prototype, 0);
            MetaRun.LoadInto(pre, pretrained);
            Add("pretrained", pre);
        }
        Add("random-init", options.CreatePolicy(pool.Prototype, SeedPath.Derive(run.Setup.Run.Seed, -8)));
        rows.AddRange(MetaEvaluator.Classical(run, tasks.Count, evalSeed, singleEpisode: true, steps: 0));
        return rows;
    }

    /// <inheritdoc />
    public override double[] MethodReturns(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(settings);
        var (policy, pool) = LoadPolicy(run);
        int steps = settings.Steps.Max();
        var budget = ((TOptions)run.Setup.LearnerOptions).Budget(steps, settings.EpisodesPerStep);
        return [.. Curves(run.Method, policy, pool, tasks, budget, evalSeed, degree, log).Select(c => c[steps])];
    }

    /// <summary>Each task's adaptation curve (the mean return after 0…<c>budget.Steps</c> steps), task i adapted from
    /// <c>SeedPath.Derive(evalSeed, i)</c>.</summary>
    private static double[][] Curves(string method, MetaPolicy policy, EnvPool pool, IReadOnlyList<EnvTask> tasks, AdaptationBudget budget, long evalSeed, int degree, Action<string>? log)
    {
        log?.Invoke($"adapting {method} on {tasks.Count} tasks");
        var lines = new ThrottledLog(log);
        int done = 0;
        return MetaParallel.Map(tasks.Count, degree, i =>
        {
            var curve = GradientAdaptation.Run(policy, policy.Parameters(), pool, tasks[i], budget, new Rng(SeedPath.Derive(evalSeed, i))).Curve;
            int finished = Interlocked.Increment(ref done);
            lines.Report(() => $"{method}: {finished}/{tasks.Count} tasks adapted", last: finished == tasks.Count);
            return curve;
        });
    }

    /// <inheritdoc />
    public override AdaptedPolicy Adapt(MetaRun run, EnvTask task, Rng rng, int? steps, int? episodes)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (policy, pool) = LoadPolicy(run);
        var budget = ((TOptions)run.Setup.LearnerOptions).Budget(steps ?? DefaultAdaptSteps, episodes ?? 0);
        var result = GradientAdaptation.Run(policy, policy.Parameters(), pool, task, budget, rng);
        var parameters = policy.Parameters();
        for (int i = 0; i < parameters.Count; i++) { parameters[i].CopyFrom(result.Weights[i].Detach()); }
        return new AdaptedPolicy(result.Curve, policy, new Dictionary<string, Tensor>(),
            new Dictionary<string, string> { ["steps"] = budget.Steps.ToString(CultureInfo.InvariantCulture) });
    }
}
