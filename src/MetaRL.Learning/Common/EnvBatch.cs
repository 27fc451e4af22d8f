namespace MetaRL.Learning;

/// <summary>One finished episode: its undiscounted return and length, and which sub-environment ran it.</summary>
public readonly record struct EpisodeRecord(int EnvIndex, double Return, int Length);

/// <summary>
/// The vector environment an algorithm trains on: a <see cref="SyncVectorEnv"/> with same-step autoreset
/// (CleanRL's gym 0.23 convention: when an episode ends, the observation is already the next episode's
/// first), reset once with the run seed (copy i gets seed + i). Every action taken is kept in
/// <see cref="ActionLog"/>, so a resumed run rebuilds the exact environment state by replaying it from the
/// seed (<see cref="Replay"/>) without any environment having to expose its internals.
/// </summary>
public sealed class EnvBatch
{
    private readonly SyncVectorEnv _vector;
    private readonly List<float> _log = [];

    public EnvBatch(IReadOnlyList<Env> envs, long seed)
    {
        _vector = new SyncVectorEnv(envs, AutoresetMode.SameStep);
        _vector.Reset(seed);
    }

    public int Count => _vector.NumEnvs;

    public int ObservationSize => _vector.ObservationSize;

    /// <summary>Floats per action (1 for a discrete space).</summary>
    public int ActionSize => _vector.ActionSize;

    public Box ObservationSpace => _vector.SingleObservationSpace;

    public Space ActionSpace => _vector.SingleActionSpace;

    /// <summary>Current observations, [Count, ObservationSize] row-major.</summary>
    public ReadOnlySpan<float> Observations => _vector.Observations;

    /// <summary>For copies whose last step ended an episode: the observation that ended it (before the autoreset).</summary>
    public ReadOnlySpan<float> FinalObservations => _vector.FinalObservations;

    /// <summary>Rewards of the last step.</summary>
    public ReadOnlySpan<float> Rewards => _vector.Rewards;

    public ReadOnlySpan<bool> Terminated => _vector.Terminated;

    public ReadOnlySpan<bool> Truncated => _vector.Truncated;

    /// <summary>True when copy i's last step ended an episode.</summary>
    public bool Done(int i) => _vector.Done(i);

    /// <summary>Episodes that ended during the last step.</summary>
    public List<EpisodeRecord> Finished { get; } = [];

    /// <summary>Every action passed to <see cref="Step"/>, flattened.</summary>
    public IReadOnlyList<float> ActionLog => _log;

    /// <summary>Steps every environment once with actions [Count, ActionSize].</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        Finished.Clear();
        for (int i = 0; i < actions.Length; i++) { _log.Add(actions[i]); }
        _vector.Step(actions);
        for (int i = 0; i < Count; i++)
        {
            if (_vector.Done(i)) { Finished.Add(new EpisodeRecord(i, _vector.FinalReturns[i], _vector.FinalLengths[i])); }
        }
    }

    /// <summary>Re-applies a logged action stream (to a batch freshly built with the same seed).</summary>
    public void Replay(ReadOnlySpan<float> log)
    {
        int stride = Count * ActionSize;
        if (log.Length % stride != 0) { throw new ArgumentException($"An action log of {log.Length} floats does not fit {Count} environments with {ActionSize} floats per action."); }
        for (int at = 0; at < log.Length; at += stride) { Step(log.Slice(at, stride)); }
        Finished.Clear();
    }
}
