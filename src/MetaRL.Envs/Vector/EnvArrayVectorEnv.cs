namespace MetaRL.Envs;

/// <summary>A vector environment over an array of independent <see cref="Env"/> copies; the per-copy
/// logic (stepping, autoreset, statistics) lives here, the two subclasses only decide who runs it.</summary>
public abstract class EnvArrayVectorEnv : VectorEnv
{
    private readonly bool[] _pendingReset;
    private bool _seeded;

    protected EnvArrayVectorEnv(IReadOnlyList<Env> envs, AutoresetMode autoreset)
        : base(envs.Count, envs[0].ObservationSpace, envs[0].ActionSpace, autoreset)
    {
        Envs = [.. envs];
        for (int i = 1; i < Envs.Length; i++)
        {
            if (Envs[i].ObservationSpace.Size != ObservationSize || Envs[i].ActionSpace.Size != ActionSize)
            {
                throw new ArgumentException("All copies of a vector environment must have the same spaces.");
            }
        }
        _pendingReset = new bool[NumEnvs];
    }

    /// <summary>The copies, in order.</summary>
    public Env[] Envs { get; }

    /// <summary>Resets copies [from, to).</summary>
    protected void ResetRange(int from, int to, long? seed)
    {
        for (int i = from; i < to; i++)
        {
            long? s = seed is long b ? b + i : _seeded ? null : i;
            Envs[i].Reset(ObservationBuffer.AsSpan(i * ObservationSize, ObservationSize), s);
            RewardBuffer[i] = 0;
            TerminatedBuffer[i] = TruncatedBuffer[i] = false;
            RunningReturns[i] = 0;
            RunningLengths[i] = 0;
            _pendingReset[i] = false;
        }
    }

    /// <summary>Marks the copies as seeded after a full reset.</summary>
    protected void MarkSeeded() => _seeded = true;

    /// <summary>Steps copies [from, to) with the given actions (the whole action buffer).</summary>
    protected void StepRange(int from, int to, ReadOnlySpan<float> actions)
    {
        int os = ObservationSize, a = ActionSize;
        for (int i = from; i < to; i++)
        {
            var obs = ObservationBuffer.AsSpan(i * os, os);
            if (_pendingReset[i])
            {
                Envs[i].Reset(obs, null);
                _pendingReset[i] = false;
                RewardBuffer[i] = 0;
                TerminatedBuffer[i] = TruncatedBuffer[i] = false;
                RunningReturns[i] = 0;
                RunningLengths[i] = 0;
                continue;
            }
            var r = Envs[i].Step(actions.Slice(i * a, a), obs);
            RewardBuffer[i] = (float)r.Reward;
            TerminatedBuffer[i] = r.Terminated;
            TruncatedBuffer[i] = r.Truncated;
            RunningReturns[i] += r.Reward;
            RunningLengths[i]++;
            if (!r.Done) { continue; }
            FinalReturnBuffer[i] = RunningReturns[i];
            FinalLengthBuffer[i] = RunningLengths[i];
            obs.CopyTo(FinalObservationBuffer.AsSpan(i * os, os));
            if (Autoreset == AutoresetMode.SameStep)
            {
                Envs[i].Reset(obs, null);
                RunningReturns[i] = 0;
                RunningLengths[i] = 0;
            }
            else
            {
                _pendingReset[i] = true;
            }
        }
    }
}
