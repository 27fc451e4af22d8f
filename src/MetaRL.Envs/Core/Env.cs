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
/// (one float holding the index for a <see cref="Discrete"/> space). Allocation-free per step.
/// </summary>
public abstract class Env
{
    /// <summary>The registry id, e.g. <c>CartPole-v1</c>.</summary>
    public abstract string Id { get; }

    /// <summary>The space observations lie in (a Box; discrete states are one-hot encoded).</summary>
    public abstract Box ObservationSpace { get; }

    /// <summary>The space actions lie in.</summary>
    public abstract Space ActionSpace { get; }

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
}
