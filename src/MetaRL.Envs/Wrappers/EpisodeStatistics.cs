namespace MetaRL.Envs;

/// <summary>Gymnasium's <c>RecordEpisodeStatistics</c>: keeps the running return and length of the
/// current episode and exposes those of the last finished one.</summary>
public sealed class EpisodeStatistics : Wrapper
{
    public EpisodeStatistics(Env inner) : base(inner) { }

    /// <summary>Return (undiscounted sum of rewards) of the episode in progress.</summary>
    public double CurrentReturn { get; private set; }

    /// <summary>Steps of the episode in progress.</summary>
    public int CurrentLength { get; private set; }

    /// <summary>Return of the last finished episode (NaN before any).</summary>
    public double LastReturn { get; private set; } = double.NaN;

    /// <summary>Length of the last finished episode (0 before any).</summary>
    public int LastLength { get; private set; }

    /// <summary>Number of finished episodes.</summary>
    public int EpisodeCount { get; private set; }

    /// <inheritdoc />
    public override void Reset(Span<float> observation, long? seed = null)
    {
        CurrentReturn = 0;
        CurrentLength = 0;
        Inner.Reset(observation, seed);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        var r = Inner.Step(action, observation);
        CurrentReturn += r.Reward;
        CurrentLength++;
        if (r.Done)
        {
            LastReturn = CurrentReturn;
            LastLength = CurrentLength;
            EpisodeCount++;
        }
        return r;
    }
}
