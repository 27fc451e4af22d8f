using MetaRL.Envs;

namespace MetaRL.Learning;

/// <summary>One finished episode: its undiscounted return and length, and which sub-environment ran it.</summary>
public readonly record struct EpisodeRecord(int EnvIndex, double Return, int Length);

/// <summary>
/// N environments stepped in lockstep with same-step autoreset (the convention of CleanRL's gym 0.23 and
/// Stable-Baselines3): when a sub-environment's episode ends, the observation written for it is already the
/// first of the next episode. Sub-environment i is first reset with seed + i. Every action taken is kept in
/// <see cref="ActionLog"/>, so a resumed run rebuilds the exact environment state by replaying it from the
/// seed (<see cref="Replay"/>) without any environment having to expose its internals.
/// </summary>
public sealed class EnvBatch
{
    private readonly Env[] _envs;
    private readonly double[] _returns;
    private readonly int[] _lengths;
    private readonly List<float> _log = [];

    public EnvBatch(IReadOnlyList<Env> envs, long seed)
    {
        if (envs.Count == 0) { throw new ArgumentException("An environment batch needs at least one environment."); }
        _envs = envs.ToArray();
        ObservationSize = _envs[0].ObservationSpace.Size;
        ActionSize = _envs[0].ActionSpace.Size;
        Observations = new float[Count * ObservationSize];
        Rewards = new float[Count];
        Terminated = new bool[Count];
        Truncated = new bool[Count];
        _returns = new double[Count];
        _lengths = new int[Count];
        for (int i = 0; i < Count; i++) { _envs[i].Reset(Observations.AsSpan(i * ObservationSize, ObservationSize), seed + i); }
    }

    public int Count => _envs.Length;

    public int ObservationSize { get; }

    /// <summary>Floats per action (1 for a discrete space).</summary>
    public int ActionSize { get; }

    public Env this[int index] => _envs[index];

    /// <summary>Current observations, [Count, ObservationSize] row-major.</summary>
    public float[] Observations { get; }

    /// <summary>Rewards of the last step.</summary>
    public float[] Rewards { get; }

    public bool[] Terminated { get; }

    public bool[] Truncated { get; }

    /// <summary>Episodes that ended during the last step.</summary>
    public List<EpisodeRecord> Finished { get; } = [];

    /// <summary>Every action passed to <see cref="Step"/>, flattened.</summary>
    public IReadOnlyList<float> ActionLog => _log;

    /// <summary>Steps every environment once with actions [Count, ActionSize].</summary>
    public void Step(ReadOnlySpan<float> actions)
    {
        Finished.Clear();
        for (int i = 0; i < actions.Length; i++) { _log.Add(actions[i]); }
        for (int i = 0; i < Count; i++)
        {
            var obs = Observations.AsSpan(i * ObservationSize, ObservationSize);
            var result = _envs[i].Step(actions.Slice(i * ActionSize, ActionSize), obs);
            Rewards[i] = (float)result.Reward;
            Terminated[i] = result.Terminated;
            Truncated[i] = result.Truncated;
            _returns[i] += result.Reward;
            _lengths[i]++;
            if (result.Done)
            {
                Finished.Add(new EpisodeRecord(i, _returns[i], _lengths[i]));
                _returns[i] = 0;
                _lengths[i] = 0;
                _envs[i].Reset(obs);
            }
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
