namespace MetaRL.Envs;

/// <summary>
/// The copies spread over cores: each step partitions them into contiguous chunks, one per worker, and
/// runs the same per-copy code as <see cref="SyncVectorEnv"/>. Copies never share state and each draws
/// from its own generator, so results are identical to the sequential vector environment's for the same
/// seed, whatever the number of threads. Worth it when one step of one copy is costly (microseconds);
/// for CartPole-sized steps a struct-of-arrays batch is faster.
/// </summary>
public sealed class ParallelVectorEnv : EnvArrayVectorEnv
{
    private readonly float[] _actions;
    private readonly int _chunks;
    private readonly ParallelOptions _options;
    private readonly long[] _resetSeeds;
    private long? _resetSeed;

    /// <param name="envs">The copies.</param>
    /// <param name="autoreset">Autoreset mode.</param>
    /// <param name="threads">Workers (default: all cores).</param>
    public ParallelVectorEnv(IReadOnlyList<Env> envs, AutoresetMode autoreset = AutoresetMode.SameStep, int? threads = null)
        : base(envs, autoreset)
    {
        int t = threads ?? Environment.ProcessorCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(t);
        _chunks = Math.Min(t, NumEnvs);
        _options = new ParallelOptions { MaxDegreeOfParallelism = _chunks };
        _actions = new float[NumEnvs * ActionSize];
        _resetSeeds = new long[NumEnvs];
    }

    /// <summary>Builds <paramref name="numEnvs"/> copies with a factory.</summary>
    public ParallelVectorEnv(int numEnvs, Func<Env> factory, AutoresetMode autoreset = AutoresetMode.SameStep, int? threads = null)
        : this([.. Enumerable.Range(0, numEnvs).Select(_ => factory())], autoreset, threads) { }

    /// <summary>Number of chunks (workers) a step is split into.</summary>
    public int Workers => _chunks;

    private (int From, int To) Chunk(int c) => (c * NumEnvs / _chunks, (c + 1) * NumEnvs / _chunks);

    /// <inheritdoc />
    public override void Reset(long? seed = null)
    {
        _resetSeed = seed;
        Parallel.For(0, _chunks, _options, c => { var (f, t) = Chunk(c); ResetRange(f, t, _resetSeed); });
        MarkSeeded();
    }

    /// <inheritdoc />
    public override void Reset(ReadOnlySpan<long> seeds)
    {
        CheckSeeds(seeds);
        seeds.CopyTo(_resetSeeds);
        Parallel.For(0, _chunks, _options, c => { var (f, t) = Chunk(c); ResetRange(f, t, _resetSeeds); });
        MarkSeeded();
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        CheckActions(actions);
        actions.CopyTo(_actions);
        Parallel.For(0, _chunks, _options, c => { var (f, t) = Chunk(c); StepRange(f, t, _actions); });
    }
}
