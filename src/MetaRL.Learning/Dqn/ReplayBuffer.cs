namespace MetaRL.Learning;

/// <summary>A circular buffer of (obs, action, reward, next obs, terminated) transitions with uniform sampling.</summary>
public sealed class ReplayBuffer
{
    private readonly float[] _obs, _next, _actions, _rewards, _dones;
    private readonly int _obsSize;

    public ReplayBuffer(int capacity, int observationSize)
    {
        Capacity = capacity;
        _obsSize = observationSize;
        _obs = new float[capacity * observationSize];
        _next = new float[capacity * observationSize];
        _actions = new float[capacity];
        _rewards = new float[capacity];
        _dones = new float[capacity];
    }

    public int Capacity { get; }

    /// <summary>Transitions held.</summary>
    public int Count { get; private set; }

    private int _position;

    public void Add(ReadOnlySpan<float> obs, float action, float reward, ReadOnlySpan<float> next, bool terminated)
    {
        obs.CopyTo(_obs.AsSpan(_position * _obsSize, _obsSize));
        next.CopyTo(_next.AsSpan(_position * _obsSize, _obsSize));
        _actions[_position] = action;
        _rewards[_position] = reward;
        _dones[_position] = terminated ? 1f : 0f;
        _position = (_position + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>Draws <paramref name="n"/> indices uniformly with replacement; the observation tensors come from the open
    /// <see cref="TensorArena"/> step, if any (valid until it ends).</summary>
    public (Tensor Obs, int[] Actions, float[] Rewards, Tensor Next, float[] Dones) Sample(int n, Rng rng)
    {
        var idx = new int[n];
        for (int i = 0; i < n; i++) { idx[i] = rng.NextInt(Count); }
        var actions = new int[n];
        var rewards = new float[n];
        var dones = new float[n];
        for (int i = 0; i < n; i++) { actions[i] = (int)_actions[idx[i]]; rewards[i] = _rewards[idx[i]]; dones[i] = _dones[idx[i]]; }
        return (RolloutBuffer.GatherScratch(_obs, _obsSize, idx, n, _obsSize), actions, rewards,
            RolloutBuffer.GatherScratch(_next, _obsSize, idx, n, _obsSize), dones);
    }

    internal void Save(IDictionary<string, Tensor> state)
    {
        state["replay.obs"] = Tensor.FromArray((float[])_obs.Clone(), _obs.Length);
        state["replay.next"] = Tensor.FromArray((float[])_next.Clone(), _next.Length);
        state["replay.actions"] = Tensor.FromArray((float[])_actions.Clone(), _actions.Length);
        state["replay.rewards"] = Tensor.FromArray((float[])_rewards.Clone(), _rewards.Length);
        state["replay.dones"] = Tensor.FromArray((float[])_dones.Clone(), _dones.Length);
        state["replay.cursor"] = Tensor.FromArray(new long[] { _position, Count }, 2);
    }

    internal void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        state["replay.obs"].F32.CopyTo(_obs);
        state["replay.next"].F32.CopyTo(_next);
        state["replay.actions"].F32.CopyTo(_actions);
        state["replay.rewards"].F32.CopyTo(_rewards);
        state["replay.dones"].F32.CopyTo(_dones);
        _position = (int)state["replay.cursor"][0];
        Count = (int)state["replay.cursor"][1];
    }
}
