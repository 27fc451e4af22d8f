namespace MetaRL.Envs;

/// <summary>A vector environment over an array of independent <see cref="Env"/> copies; the per-copy
/// logic (stepping, autoreset, statistics) lives here, the two subclasses only decide who runs it.</summary>
public abstract class EnvArrayVectorEnv : VectorEnv
{
    // Copy i's episode ended and it has not been reset since: NextStep resets it on the next step,
    // Disabled holds it until Reset.
    private readonly bool[] _ended;
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
        _ended = new bool[NumEnvs];
    }

    /// <summary>The copies, in order.</summary>
    public Env[] Envs { get; }

    /// <summary>Resets copies [from, to), copy i seeded with <paramref name="seed"/> + i (see <see cref="VectorEnv"/>).</summary>
    protected void ResetRange(int from, int to, long? seed)
    {
        for (int i = from; i < to; i++) { ResetCopy(i, seed is long b ? b + i : _seeded ? null : i); }
    }

    /// <summary>Resets copies [from, to), copy i seeded with <paramref name="seeds"/>[i] (one entry per copy).</summary>
    protected void ResetRange(int from, int to, ReadOnlySpan<long> seeds)
    {
        for (int i = from; i < to; i++) { ResetCopy(i, seeds[i]); }
    }

    private void ResetCopy(int i, long? seed)
    {
        Envs[i].Reset(ObservationBuffer.AsSpan(i * ObservationSize, ObservationSize), seed);
        SetReward(i, 0);
        TerminatedBuffer[i] = TruncatedBuffer[i] = false;
        RunningReturns[i] = 0;
        RunningLengths[i] = 0;
        _ended[i] = false;
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
            if (_ended[i])
            {
                if (Autoreset == AutoresetMode.Disabled) { SetReward(i, 0); continue; }
                ResetCopy(i, null);
                continue;
            }
            var r = Envs[i].Step(actions.Slice(i * a, a), obs);
            SetReward(i, r.Reward);
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
                _ended[i] = true;
            }
        }
    }
}
