namespace MetaRL.Envs;

/// <summary>Gymnasium's <c>SyncVectorEnv</c>: the copies stepped one after another on the calling thread.</summary>
public sealed class SyncVectorEnv : EnvArrayVectorEnv
{
    public SyncVectorEnv(IReadOnlyList<Env> envs, AutoresetMode autoreset = AutoresetMode.SameStep) : base(envs, autoreset) { }

    /// <summary>Builds <paramref name="numEnvs"/> copies with a factory.</summary>
    public SyncVectorEnv(int numEnvs, Func<Env> factory, AutoresetMode autoreset = AutoresetMode.SameStep)
        : base([.. Enumerable.Range(0, numEnvs).Select(_ => factory())], autoreset) { }

    /// <inheritdoc />
    public override void Reset(long? seed = null)
    {
        ResetRange(0, NumEnvs, seed);
        MarkSeeded();
    }

    /// <inheritdoc />
    public override void Reset(ReadOnlySpan<long> seeds)
    {
        CheckSeeds(seeds);
        ResetRange(0, NumEnvs, seeds);
        MarkSeeded();
    }

    /// <inheritdoc />
    public override void Step(ReadOnlySpan<float> actions)
    {
        CheckActions(actions);
        StepRange(0, NumEnvs, actions);
    }
}
