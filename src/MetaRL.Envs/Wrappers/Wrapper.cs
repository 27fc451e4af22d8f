namespace MetaRL.Envs;

/// <summary>Base of environment wrappers: forwards everything to <see cref="Inner"/>; subclasses override
/// what they change. The id and spaces are the inner environment's (fixed at construction, so taking them once is
/// the same as asking each time), except that a wrapper which changes observations passes its own observation
/// space. <see cref="Env.Find{T}"/> and <see cref="Env.Unwrapped"/> look through wrappers.</summary>
public abstract class Wrapper : Env
{
    /// <param name="inner">The wrapped environment.</param>
    /// <param name="observationSpace">The wrapper's observation space when it changes observations; null: the inner one.</param>
    protected Wrapper(Env inner, Box? observationSpace = null)
        : base(NotNull(inner).Id, observationSpace ?? inner.ObservationSpace, inner.ActionSpace) => Inner = inner;

    /// <summary>The wrapped environment.</summary>
    public Env Inner { get; }

    private static Env NotNull(Env inner) => inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null) => Inner.Reset(observation, seed);

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => Inner.Step(action, observation);

    /// <inheritdoc />
    public override Env Unwrapped => Inner.Unwrapped;

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames => Inner.ObservationSpace.Size == ObservationSpace.Size ? Inner.ObservationNames : base.ObservationNames;

    /// <inheritdoc />
    public override T? Find<T>() where T : class => this as T ?? Inner.Find<T>();
}
