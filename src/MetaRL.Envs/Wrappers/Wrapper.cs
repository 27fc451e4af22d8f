namespace MetaRL.Envs;

/// <summary>Base of environment wrappers: forwards everything to <see cref="Inner"/>; subclasses override
/// what they change. <see cref="Env.Find{T}"/> and <see cref="Env.Unwrapped"/> look through wrappers.</summary>
public abstract class Wrapper : Env
{
    protected Wrapper(Env inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped environment.</summary>
    public Env Inner { get; }

    /// <inheritdoc />
    public override string Id => Inner.Id;

    /// <inheritdoc />
    public override Box ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc />
    public override Space ActionSpace => Inner.ActionSpace;

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null) => Inner.Reset(observation, seed);

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation) => Inner.Step(action, observation);

    /// <inheritdoc />
    public override Env Unwrapped => Inner.Unwrapped;

    /// <inheritdoc />
    public override T? Find<T>() where T : class => this as T ?? Inner.Find<T>();
}
