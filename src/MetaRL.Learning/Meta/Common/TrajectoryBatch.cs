namespace MetaRL.Learning.Meta;

/// <summary>
/// Complete episodes of one task, stored flat in episode order: the observation, action and reward of
/// every step, each episode's length, and the time index of every step within its episode.
/// </summary>
public sealed class TrajectoryBatch
{
    public TrajectoryBatch(int observationSize, int actionSize, float[] observations, float[] actions, float[] rewards, int[] lengths)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ObservationSize = observationSize;
        ActionSize = actionSize;
        Observations = observations;
        Actions = actions;
        Rewards = rewards;
        Lengths = lengths;
        Steps = lengths.Sum();
        if (observations.Length != Steps * observationSize || actions.Length != Steps * actionSize || rewards.Length != Steps)
        {
            throw new ArgumentException("Trajectory arrays do not match the episode lengths.");
        }
        TimeSteps = new int[Steps];
        int k = 0;
        foreach (int len in lengths)
        {
            for (int t = 0; t < len; t++) { TimeSteps[k++] = t; }
        }
    }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    /// <summary>[steps × observation size].</summary>
    public float[] Observations { get; }

    /// <summary>[steps × action size].</summary>
    public float[] Actions { get; }

    /// <summary>[steps].</summary>
    public float[] Rewards { get; }

    /// <summary>Length of each episode, in order.</summary>
    public int[] Lengths { get; }

    /// <summary>Each step's index within its episode.</summary>
    public int[] TimeSteps { get; }

    /// <summary>Total number of steps.</summary>
    public int Steps { get; }

    /// <summary>Number of episodes.</summary>
    public int Episodes => Lengths.Length;

    /// <summary>Undiscounted return of each episode.</summary>
    public double[] EpisodeReturns()
    {
        var result = new double[Lengths.Length];
        int k = 0;
        for (int e = 0; e < Lengths.Length; e++)
        {
            double sum = 0;
            for (int t = 0; t < Lengths[e]; t++) { sum += Rewards[k++]; }
            result[e] = sum;
        }
        return result;
    }

    /// <summary>Mean undiscounted episode return (the figure MAML's tables report).</summary>
    public double MeanReturn => Lengths.Length == 0 ? 0 : EpisodeReturns().Average();

    /// <summary>Discounted reward-to-go of every step (no bootstrap past an episode's end).</summary>
    public double[] RewardsToGo(double discount)
    {
        var result = new double[Steps];
        int end = 0;
        foreach (int len in Lengths)
        {
            end += len;
            double acc = 0;
            for (int i = end - 1; i >= end - len; i--)
            {
                acc = Rewards[i] + discount * acc;
                result[i] = acc;
            }
        }
        return result;
    }
}
