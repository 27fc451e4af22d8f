using System.Runtime.CompilerServices;

namespace MetaRL.Envs;

/// <summary>The outcome of one step (the observation is written into the caller's span).</summary>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>True when the episode ended for either reason.</summary>
    public bool Done => Terminated || Truncated;
}

/// <summary>
/// A Gymnasium-shaped environment over float vectors. <see cref="Reset"/> with a seed re-seeds the
/// environment's own generator, and a later <see cref="Reset"/> without one continues that stream, so one
/// seed given once fixes the whole episode sequence (Gymnasium's semantics). Observations are float32
/// vectors in <see cref="ObservationSpace"/>; actions are float vectors in <see cref="ActionSpace"/>
/// (one float holding the index for a <see cref="Discrete"/> space). Allocation-free per step. As in Gymnasium, an
/// environment fixes its id and spaces when it is built (they are constructor arguments and never change), so a
/// subclass supplies only <see cref="Reset"/> and <see cref="Step(ReadOnlySpan{float}, Span{float})"/>.
/// </summary>
/// <param name="id">The registry id, e.g. <c>CartPole-v1</c>.</param>
/// <param name="observationSpace">The space observations lie in.</param>
/// <param name="actionSpace">The space actions lie in.</param>
public abstract class Env(string id, Box observationSpace, Space actionSpace)
{
    /// <summary>The registry id, e.g. <c>CartPole-v1</c>.</summary>
    public string Id { get; } = string.IsNullOrEmpty(id) ? throw new ArgumentException("An environment needs an id.", nameof(id)) : id;

    /// <summary>The space observations lie in (a Box; discrete states are one-hot encoded).</summary>
    public Box ObservationSpace { get; } = observationSpace ?? throw new ArgumentNullException(nameof(observationSpace));

    /// <summary>The space actions lie in.</summary>
    public Space ActionSpace { get; } = actionSpace ?? throw new ArgumentNullException(nameof(actionSpace));

    /// <summary>One name per observation component, for explanations and exports: the environment's own where it
    /// names them (CartPole's <c>x</c>, <c>x_dot</c>, <c>theta</c>, <c>theta_dot</c>), else <c>obs[0]</c>, <c>obs[1]</c>, ….
    /// A wrapper answers for the environment it wraps.</summary>
    public virtual IReadOnlyList<string> ObservationNames => [.. Enumerable.Range(0, ObservationSpace.Size).Select(i => $"obs[{i}]")];

    /// <summary>Starts an episode and writes the first observation.</summary>
    public abstract void Reset(Span<float> observation, long? seed = null);

    /// <summary>Advances one step and writes the next observation.</summary>
    public abstract StepResult Step(ReadOnlySpan<float> action, Span<float> observation);

    /// <summary>Convenience for discrete actions.</summary>
    public StepResult Step(int action, Span<float> observation)
    {
        Span<float> a = [action];
        return Step(a, observation);
    }

    /// <summary>Convenience: a fresh observation array for this environment.</summary>
    public float[] NewObservation() => new float[ObservationSpace.Size];

    /// <summary>The innermost environment under any wrappers (this one when it is not a wrapper).</summary>
    public virtual Env Unwrapped => this;

    /// <summary>The first environment in the wrapper chain (this one first, then inward) that is a
    /// <typeparamref name="T"/>, or null; how callers reach a capability such as <see cref="ITaskEnv"/>.</summary>
    public virtual T? Find<T>() where T : class => this as T;

    private Rng? _random;

    /// <summary>The environment's own generator (Gymnasium's <c>np_random</c>). Before any seeded reset it
    /// is seeded with 0, so an environment never seeded still behaves deterministically.</summary>
    protected Rng EnvRandom => _random ??= new Rng(0L);

    /// <summary>Returns <paramref name="value"/> when it is at least <paramref name="minimum"/>, else throws naming the argument:
    /// how a subclass checks a size that its spaces depend on inside the call to this constructor.</summary>
    protected static int AtLeast(int value, int minimum, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, minimum, name);
        return value;
    }

    /// <summary>Re-seeds <see cref="EnvRandom"/> when a seed is given (call first thing in Reset).</summary>
    protected void SeedRandom(long? seed)
    {
        if (seed is long s) { _random = new Rng(s); }
    }
}
