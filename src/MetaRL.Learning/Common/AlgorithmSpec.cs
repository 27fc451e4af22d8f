namespace MetaRL.Learning;

/// <summary>
/// A single-task algorithm as the commands see it, one row of <see cref="AlgorithmRegistry"/>: its options (which
/// validate themselves and give the run's <see cref="IAlgorithmOptions.Budget"/>), the <see cref="Algorithm"/> built
/// from them, the action spaces it can act in, and how a trained one is evaluated (<c>evaluate</c>, <c>demo</c>).
/// The single-task side of what <see cref="Meta.MetaAlgorithm"/> is for meta-learners.
/// </summary>
public abstract class AlgorithmSpec : IAlgorithmDescriptor
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>Default options, to be bound from the config.</summary>
    public abstract IAlgorithmOptions CreateOptions();

    /// <summary>The algorithm for <paramref name="options"/> (made by <see cref="CreateOptions"/>) on <paramref name="envs"/>,
    /// every random choice drawn from <paramref name="rng"/>.</summary>
    public abstract Algorithm Create(IAlgorithmOptions options, EnvBatch envs, Rng rng);

    /// <summary>Whether the algorithm can act in <paramref name="actions"/>; the default is the spaces a policy head takes,
    /// <see cref="Discrete"/> and <see cref="Box"/>.</summary>
    public virtual bool SupportsActions(Space actions) => actions is Discrete or Box;

    /// <summary>
    /// Plays <paramref name="episodes"/> episodes of <paramref name="trained"/>'s policy on one environment of
    /// <paramref name="config"/> seeded once with <paramref name="seed"/> and summarises their returns (mean and 95%
    /// interval). The default acts greedily/deterministically through <see cref="Algorithm.ActGreedy"/>
    /// (<see cref="Evaluation.Run"/>); an algorithm that evaluates otherwise overrides it here.
    /// </summary>
    public virtual EvaluationResult Evaluate(TrainConfig config, Algorithm trained, int episodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Evaluation.Run(trained, config.CreateEnv(), episodes, seed);
    }
}

/// <summary>The row of an algorithm that needs nothing beyond <see cref="AlgorithmSpec"/>'s defaults: its options type
/// and a constructor.</summary>
/// <param name="name">The <c>--algo</c> name.</param>
/// <param name="description">One line for help texts.</param>
/// <param name="create">Builds the algorithm from its options, the environments and the generator.</param>
/// <param name="supportsActions">The action spaces it can act in; null for any.</param>
public sealed class AlgorithmSpec<TOptions>(string name, string description, Func<TOptions, EnvBatch, Rng, Algorithm> create, Func<Space, bool>? supportsActions = null)
    : AlgorithmSpec
    where TOptions : class, IAlgorithmOptions, new()
{
    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    public override string Description => description;

    /// <inheritdoc />
    public override IAlgorithmOptions CreateOptions() => new TOptions();

    /// <inheritdoc />
    public override Algorithm Create(IAlgorithmOptions options, EnvBatch envs, Rng rng) =>
        create(options as TOptions ?? throw new ArgumentException($"{name} needs {typeof(TOptions).Name}, got {options?.GetType().Name ?? "null"}", nameof(options)), envs, rng);

    /// <inheritdoc />
    public override bool SupportsActions(Space actions) => supportsActions?.Invoke(actions) ?? base.SupportsActions(actions);
}
