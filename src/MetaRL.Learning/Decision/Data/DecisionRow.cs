namespace MetaRL.Learning.Decision;

/// <summary>
/// One row of a dataset: one task. Per-step arrays have one entry per transition; observation arrays are flat,
/// transition t at [t·d, (t+1)·d) for the dataset's observation size d. The DPT fields (<see cref="Behaviour"/>,
/// <see cref="QueryObservation"/>, <see cref="QueryStep"/>, <see cref="OptimalAction"/>) are set on dpt rows only,
/// <see cref="EpisodeReturns"/> on ad rows only.
/// </summary>
public sealed record DecisionRow(long TaskId, string Task, float[] Observations, int[] Actions, float[] Rewards,
    float[] NextObservations, bool[] Terminated, bool[] Truncated)
{
    /// <summary>Transitions in the row.</summary>
    public int Steps => Actions.Length;

    /// <summary>dpt: the behaviour policy's action probabilities.</summary>
    public float[]? Behaviour { get; init; }

    /// <summary>dpt: the observation of the query state.</summary>
    public float[]? QueryObservation { get; init; }

    /// <summary>dpt: the episode step the query is asked at (0 where the optimal action does not depend on time).</summary>
    public int QueryStep { get; init; }

    /// <summary>dpt: the oracle's optimal action at the query state (−1 on ad rows).</summary>
    public int OptimalAction { get; init; } = -1;

    /// <summary>ad: the return of each episode of the history.</summary>
    public float[]? EpisodeReturns { get; init; }
}
