namespace MetaRL.Learning.Meta;

/// <summary>
/// A meta-learner as the commands see it, one row of <see cref="MetaAlgorithms"/>: its options, the learner
/// built from them, and its test-time side: how adaptation is counted, evaluated against baselines
/// (<c>meta-eval</c>) and saved for one task (<c>adapt</c>). Gradient-adapted learners share
/// <see cref="GradientMetaAlgorithm{TOptions}"/>; RL² adapts in its recurrent state (<see cref="Rl2Algorithm"/>).
/// </summary>
public abstract class MetaAlgorithm : IAlgorithmDescriptor
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>True when test-time adaptation takes vanilla-policy-gradient steps (tables over steps 0…K, a
    /// multi-task pretrained baseline); false when it happens inside a trial (tables over its episodes).</summary>
    public abstract bool AdaptsByGradient { get; }

    /// <summary>Whether the run key <paramref name="key"/> (a <see cref="MetaTrainOptions"/> key in snake_case) means
    /// anything to this learner: the others are rejected in its configs and left out of its <c>config.yaml</c>. All of
    /// them by default.</summary>
    public virtual bool UsesRunKey(string key) => true;

    /// <summary>Default options, to be bound from the config.</summary>
    public abstract ILearnerOptions CreateOptions();

    /// <summary>The learner for <paramref name="setup"/>, its network initialised from the run seed.</summary>
    public abstract MetaLearner CreateLearner(MetaSetup setup);

    /// <summary>The multi-task pretrained baseline trained beside the learner after meta-training (the MAML paper's
    /// "pretrained"), over <paramref name="iterations"/> meta-batches of <paramref name="batch"/> tasks; null for a
    /// learner without one.</summary>
    public virtual MetaPolicy? PretrainBaseline(MetaSetup setup, ITaskEnv distribution, int batch, int iterations, Action<int, double>? progress = null) => null;

    /// <summary>The before/after-adaptation rows of <paramref name="run"/> and its baselines on <paramref name="tasks"/>.</summary>
    public abstract IEnumerable<MetaEvalRow> Evaluate(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log);

    /// <summary>One value per task of <paramref name="tasks"/> for the run's own method at the point its <c>meta-eval</c> row
    /// reports (the same numbers): the mean return after the largest of <c>settings.Steps</c> adaptation steps for a
    /// gradient learner, the trial's total reward for RL² and for an in-context model; null for a learner that defines none. What
    /// <c>compress</c> compares before and after.</summary>
    public virtual double[]? MethodReturns(MetaRun run, IReadOnlyList<EnvTask> tasks, MetaEvalSettings settings, long evalSeed, int degree, Action<string>? log = null) => null;

    /// <summary>The meta-trained policy network of <paramref name="run"/> (its newest model) with an environment of the family
    /// as the policy sees it (RL²'s trial), for <c>metarl export</c>; null for a learner whose model is not such a policy.</summary>
    public (Module Policy, Env Env)? TrainedPolicy(MetaRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return LoadTrained(run) is var (policy, pool) ? (policy, pool.Prototype) : null;
    }

    /// <summary>The meta-trained policy of <paramref name="run"/> with the pool of environments it acts in; null for a
    /// learner whose model is not such a policy.</summary>
    protected virtual (Module Policy, EnvPool Pool)? LoadTrained(MetaRun run) => null;

    /// <summary>Gradient steps of an adaptation when none are given (<c>metarl adapt</c> without <c>--steps</c>).</summary>
    public const int DefaultAdaptSteps = 1;

    /// <summary>Adapts <paramref name="run"/>'s policy to <paramref name="task"/> (<paramref name="steps"/> gradient
    /// steps, null for <see cref="DefaultAdaptSteps"/>, or a trial of <paramref name="episodes"/> episodes, null for the
    /// run's default) and returns what it produced; writes nothing.</summary>
    public abstract AdaptedPolicy Adapt(MetaRun run, EnvTask task, Rng rng, int? steps, int? episodes);
}
