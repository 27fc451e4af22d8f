namespace MetaRL.Learning;

/// <summary>
/// A Q-table over observation vectors, stored as two parameters so it checkpoints like any module:
/// <c>keys</c> [maxStates, obs] (rows of NaN are unused) and <c>q</c> [maxStates, actions].
/// </summary>
public sealed class QTable : Module
{
    private readonly Dictionary<string, int> _rows = new(StringComparer.Ordinal);
    private readonly int _obs;

    public QTable(int maxStates, int observationSize, int actions)
    {
        _obs = observationSize;
        Actions = actions;
        Keys = RegisterParameter("keys", Tensor.Full([maxStates, observationSize], double.NaN));
        Q = RegisterParameter("q", Tensor.Zeros([maxStates, actions]));
    }

    public Tensor Keys { get; }

    public Tensor Q { get; }

    public int Actions { get; }

    /// <summary>Distinct states seen.</summary>
    public int States => _rows.Count;

    /// <summary>The row of an observation, adding it when <paramref name="add"/> (−1 when unknown and not added).</summary>
    public int Row(ReadOnlySpan<float> observation, bool add)
    {
        string key = Key(observation);
        if (_rows.TryGetValue(key, out int row)) { return row; }
        if (!add) { return -1; }
        row = _rows.Count;
        if (row >= Keys.Dim(0)) { throw new InvalidOperationException($"The Q-table is full ({row} states); raise max_states."); }
        observation.CopyTo(Keys.F32.Slice(row * _obs, _obs));
        _rows[key] = row;
        return row;
    }

    public Span<float> Values(int row) => Q.F32.Slice(row * Actions, Actions);

    /// <summary>Rebuilds the lookup after parameters were loaded.</summary>
    public void Reindex()
    {
        _rows.Clear();
        for (int r = 0; r < Keys.Dim(0) && !float.IsNaN(Keys.F32[r * _obs]); r++) { _rows[Key(Keys.F32.Slice(r * _obs, _obs))] = r; }
    }

    private static string Key(ReadOnlySpan<float> observation) => Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(observation));
}
