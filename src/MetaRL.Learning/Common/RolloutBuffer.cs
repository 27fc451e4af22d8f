namespace MetaRL.Learning;

/// <summary>
/// On-policy storage for <c>steps × envs</c> transitions, row-major [step, env, …] as in CleanRL, with the
/// advantages and returns that <see cref="Gae"/> fills in. Reused across iterations (no per-step allocation).
/// </summary>
public sealed class RolloutBuffer
{
    public RolloutBuffer(int steps, int envs, int observationSize, int actionSize)
    {
        Steps = steps;
        Envs = envs;
        ObservationSize = observationSize;
        ActionSize = actionSize;
        int n = steps * envs;
        Observations = new float[n * observationSize];
        Actions = new float[n * actionSize];
        LogProbs = new float[n];
        Rewards = new float[n];
        Dones = new float[n];
        Values = new float[n];
        Advantages = new float[n];
        Returns = new float[n];
    }

    public int Steps { get; }

    public int Envs { get; }

    public int ObservationSize { get; }

    public int ActionSize { get; }

    /// <summary>Number of transitions held (steps × envs).</summary>
    public int Size => Steps * Envs;

    public float[] Observations { get; }

    public float[] Actions { get; }

    public float[] LogProbs { get; }

    public float[] Rewards { get; }

    /// <summary>1 where the observation at this step began a new episode (the previous step ended one).</summary>
    public float[] Dones { get; }

    public float[] Values { get; }

    public float[] Advantages { get; }

    public float[] Returns { get; }

    /// <summary>Copies rows <paramref name="indices"/> of a per-transition array with <paramref name="width"/> floats per row.</summary>
    public static float[] Gather(float[] source, int width, ReadOnlySpan<int> indices)
    {
        var result = new float[indices.Length * width];
        Gather(source, width, indices, result);
        return result;
    }

    /// <summary>The rows <paramref name="indices"/> of <paramref name="source"/> as a tensor of <paramref name="shape"/>
    /// (rows × <paramref name="width"/> elements) from the open <see cref="TensorArena"/> step: valid until it ends.</summary>
    public static Tensor GatherScratch(float[] source, int width, ReadOnlySpan<int> indices, params ReadOnlySpan<int> shape)
    {
        var result = TensorArena.Scratch(shape);
        Gather(source, width, indices, result.F32);
        return result;
    }

    private static void Gather(float[] source, int width, ReadOnlySpan<int> indices, Span<float> result)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            source.AsSpan(indices[i] * width, width).CopyTo(result.Slice(i * width, width));
        }
    }
}
