namespace MetaRL.Envs;

/// <summary>Gymnasium's <c>TimeLimit</c>: sets <c>truncated</c> on the step that reaches
/// <see cref="MaxEpisodeSteps"/> (both flags may be set when that step also terminates).</summary>
public sealed class TimeLimit : Wrapper
{
    private int _elapsed;

    public TimeLimit(Env inner, int maxEpisodeSteps) : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEpisodeSteps);
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The step budget of one episode.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode.</summary>
    public int ElapsedSteps => _elapsed;

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null)
    {
        _elapsed = 0;
        Inner.Reset(observation, seed);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var r = Inner.Step(action, observation);
        _elapsed++;
        return _elapsed >= MaxEpisodeSteps ? r with { Truncated = true } : r;
    }
}
