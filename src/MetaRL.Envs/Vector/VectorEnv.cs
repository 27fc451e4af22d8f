namespace MetaRL.Envs;

/// <summary>
/// N copies of an environment stepped as a batch (Gymnasium's <c>VectorEnv</c>), with results in buffers
/// the vector environment owns, laid out copy-major: copy <c>i</c>'s observation is
/// <c>Observations[i*ObservationSize .. (i+1)*ObservationSize)</c>. Finished episodes are reset
/// automatically per <see cref="Autoreset"/> (or held until the next reset, with <see cref="AutoresetMode.Disabled"/>);
/// the return and length of each finished episode are kept in <see cref="FinalReturns"/> /
/// <see cref="FinalLengths"/> (valid where the step's done flag is set, as Gymnasium's
/// <c>RecordEpisodeStatistics</c> reports them). Seeding: <see cref="Reset(long?)"/> with seed <c>s</c> seeds
/// copy <c>i</c> with <c>s + i</c> (Gymnasium's rule); the first reset without a seed uses <c>i</c>; later
/// unseeded resets continue each copy's own stream. <see cref="Reset(ReadOnlySpan{long})"/> seeds each copy
/// with its own entry (Gymnasium's <c>reset(seed=[...])</c>).
/// </summary>
public abstract class VectorEnv : IDisposable
{
    protected VectorEnv(int numEnvs, Box observationSpace, Space actionSpace, AutoresetMode autoreset)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        NumEnvs = numEnvs;
        SingleObservationSpace = observationSpace;
        SingleActionSpace = actionSpace;
        Autoreset = autoreset;
        ObservationSize = observationSpace.Size;
        ActionSize = actionSpace.Size;
        ObservationBuffer = new float[numEnvs * ObservationSize];
        FinalObservationBuffer = new float[numEnvs * ObservationSize];
        RewardBuffer = new float[numEnvs];
        ExactRewardBuffer = new double[numEnvs];
        TerminatedBuffer = new bool[numEnvs];
        TruncatedBuffer = new bool[numEnvs];
        RunningReturns = new double[numEnvs];
        RunningLengths = new int[numEnvs];
        FinalReturnBuffer = new double[numEnvs];
        FinalLengthBuffer = new int[numEnvs];
    }

    public int NumEnvs { get; }

    public Box SingleObservationSpace { get; }

    public Space SingleActionSpace { get; }

    public int ObservationSize { get; }

    /// <summary>Floats per action (1 for Discrete).</summary>
    public int ActionSize { get; }

    public AutoresetMode Autoreset { get; }

    protected float[] ObservationBuffer { get; }
    protected float[] FinalObservationBuffer { get; }
    protected float[] RewardBuffer { get; }
    protected double[] ExactRewardBuffer { get; }
    protected bool[] TerminatedBuffer { get; }
    protected bool[] TruncatedBuffer { get; }
    protected double[] RunningReturns { get; }
    protected int[] RunningLengths { get; }
    protected double[] FinalReturnBuffer { get; }
    protected int[] FinalLengthBuffer { get; }

    /// <summary>Current observations, [NumEnvs × ObservationSize].</summary>
    public ReadOnlySpan<float> Observations => ObservationBuffer;

    /// <summary>For copies whose last step ended an episode: the observation that ended it.</summary>
    public ReadOnlySpan<float> FinalObservations => FinalObservationBuffer;

    /// <summary>Rewards of the last step, rounded to float for learners' buffers.</summary>
    public ReadOnlySpan<float> Rewards => RewardBuffer;

    /// <summary>Rewards of the last step as the copies returned them (double, as Gymnasium's float64
    /// reward array); sum these where a return must match a single environment's bit for bit.</summary>
    public ReadOnlySpan<double> ExactRewards => ExactRewardBuffer;

    /// <summary>Terminated flags of the last step.</summary>
    public ReadOnlySpan<bool> Terminated => TerminatedBuffer;

    /// <summary>Truncated flags of the last step.</summary>
    public ReadOnlySpan<bool> Truncated => TruncatedBuffer;

    /// <summary>For copies whose last step ended an episode: that episode's return.</summary>
    public ReadOnlySpan<double> FinalReturns => FinalReturnBuffer;

    /// <summary>For copies whose last step ended an episode: that episode's length.</summary>
    public ReadOnlySpan<int> FinalLengths => FinalLengthBuffer;

    /// <summary>One copy's current observation.</summary>
    public ReadOnlySpan<float> Observation(int i) => ObservationBuffer.AsSpan(i * ObservationSize, ObservationSize);

    /// <summary>True when copy <paramref name="i"/>'s last step ended an episode (with
    /// <see cref="AutoresetMode.Disabled"/>: when the copy's episode has ended and it is held).</summary>
    public bool Done(int i) => TerminatedBuffer[i] || TruncatedBuffer[i];

    /// <summary>Resets every copy (see the class remarks for seeding).</summary>
    public abstract void Reset(long? seed = null);

    /// <summary>Resets every copy, copy <c>i</c> seeded with <paramref name="seeds"/>[i]; later unseeded
    /// resets continue each copy's stream from there.</summary>
    public abstract void Reset(ReadOnlySpan<long> seeds);

    /// <summary>Steps every copy; <paramref name="actions"/> is [NumEnvs × ActionSize].</summary>
    public abstract void Step(ReadOnlySpan<float> actions);

    /// <summary>Sets copy <paramref name="i"/>'s reward in both precisions.</summary>
    protected void SetReward(int i, double reward)
    {
        ExactRewardBuffer[i] = reward;
        RewardBuffer[i] = (float)reward;
    }

    /// <summary>Throws unless the actions buffer has the right length.</summary>
    protected void CheckActions(ReadOnlySpan<float> actions)
    {
        if (actions.Length != NumEnvs * ActionSize)
        {
            throw new ArgumentException($"Expected {NumEnvs * ActionSize} action values ({NumEnvs} copies × {ActionSize}), got {actions.Length}.");
        }
    }

    /// <summary>Throws unless there is one seed per copy.</summary>
    protected void CheckSeeds(ReadOnlySpan<long> seeds)
    {
        if (seeds.Length != NumEnvs)
        {
            throw new ArgumentException($"Expected one seed per copy ({NumEnvs}), got {seeds.Length}.", nameof(seeds));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases worker resources (none in the base).</summary>
    protected virtual void Dispose(bool disposing) { }
}
