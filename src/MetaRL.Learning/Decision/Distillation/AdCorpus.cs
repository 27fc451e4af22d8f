namespace MetaRL.Learning.Decision;

/// <summary>
/// AD's pretraining data (Laskin et al. 2022): whole learning histories held in memory, and the windows of
/// <see cref="Context"/> consecutive steps cut from them at random (AD's across-episode context), each position labelled
/// with the action the source learner took there. The last <c>validation</c> histories are held out; their windows are
/// fixed (<c>val_windows</c> per history, evenly spaced from start to end).
/// </summary>
public sealed class AdCorpus : IPretrainCorpus
{
    private readonly TokenLayout _layout;
    private readonly float[] _observations;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _starts;
    private readonly int[] _offsets; // history i holds steps [_offsets[i], _offsets[i + 1])
    private readonly int _train;
    private readonly (int Row, int Start)[] _validation;

    /// <param name="layout">The token features.</param>
    /// <param name="rows">ad rows (one history each).</param>
    /// <param name="context">Steps per window.</param>
    /// <param name="validation">Histories held out (the last ones).</param>
    /// <param name="windows">Validation windows per held-out history.</param>
    public AdCorpus(TokenLayout layout, IReadOnlyList<DecisionRow> rows, int context, int validation, int windows)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(rows);
        if (validation >= rows.Count) { throw new ConfigException($"val_tasks ({validation}) must be fewer than the {rows.Count} histories of the data"); }
        _layout = layout;
        Context = context;
        int o = layout.ObservationSize;
        _offsets = new int[rows.Count + 1];
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Steps < context)
            {
                throw new ConfigException($"data: history {rows[i].TaskId} holds {rows[i].Steps} steps; a window of context {context} does not fit (lower context or generate longer histories)");
            }
            _offsets[i + 1] = checked(_offsets[i] + rows[i].Steps);
        }
        int total = _offsets[^1];
        (_observations, _actions, _rewards, _starts) = (new float[(long)total * o], new int[total], new float[total], new bool[total]);
        for (int i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            int at = _offsets[i];
            r.Observations.CopyTo(_observations, (long)at * o);
            r.Actions.CopyTo(_actions, at);
            r.Rewards.CopyTo(_rewards, at);
            for (int k = 0; k < r.Steps; k++) { _starts[at + k] = k == 0 || r.Terminated[k - 1] || r.Truncated[k - 1]; }
        }
        _train = rows.Count - validation;
        _validation = [.. Enumerable.Range(_train, validation).SelectMany(row => Enumerable.Range(0, windows).Select(j =>
            (row, windows == 1 ? 0 : (int)((long)j * (Length(row) - context) / (windows - 1)))))];
    }

    /// <summary>Steps per window.</summary>
    public int Context { get; }

    /// <summary>Histories trained on.</summary>
    public int TrainHistories => _train;

    /// <inheritdoc />
    public int SequenceTokens => Context;

    /// <inheritdoc />
    public PretrainBatch Draw(int rows, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var windows = new (int Row, int Start)[rows];
        for (int b = 0; b < rows; b++)
        {
            int row = rng.NextInt(_train);
            windows[b] = (row, rng.NextInt(Length(row) - Context + 1));
        }
        return Batch(windows);
    }

    /// <inheritdoc />
    public IEnumerable<PretrainBatch> ValidationBatches(int rows)
    {
        for (int start = 0; start < _validation.Length; start += rows)
        {
            yield return Batch(_validation.AsSpan(start, Math.Min(rows, _validation.Length - start)));
        }
    }

    /// <summary>The windows as tokens [B, context, width] and the source's actions as labels [B·context, 1].</summary>
    public PretrainBatch Batch(ReadOnlySpan<(int Row, int Start)> windows)
    {
        int c = Context, w = _layout.Width, o = _layout.ObservationSize;
        var tokens = new float[windows.Length * c * w];
        var labels = new int[windows.Length * c];
        for (int b = 0; b < windows.Length; b++)
        {
            var (row, start) = windows[b];
            int at = _offsets[row], n = Length(row);
            AdTokens.Write(_layout, _observations.AsSpan(at * o, n * o), _actions.AsSpan(at, n), _rewards.AsSpan(at, n), _starts.AsSpan(at, n),
                start, c, tokens.AsSpan(b * c * w, c * w));
            _actions.AsSpan(at + start, c).CopyTo(labels.AsSpan(b * c, c));
        }
        return new PretrainBatch(Tensor.FromArray(tokens, windows.Length, c, w), Tensor.FromArray(labels, windows.Length * c, 1), windows.Length);
    }

    /// <summary>Episodes 0, <paramref name="stride"/>, 2·<paramref name="stride"/>, … of the history <paramref name="row"/>
    /// (episodes end where a step terminated or was truncated), with their returns.</summary>
    public static DecisionRow Subsample(DecisionRow row, int stride, int observationSize)
    {
        ArgumentNullException.ThrowIfNull(row);
        var keep = new List<int>(row.Steps);
        int episode = 0;
        for (int k = 0; k < row.Steps; k++)
        {
            if (episode % stride == 0) { keep.Add(k); }
            if (row.Terminated[k] || row.Truncated[k]) { episode++; }
        }
        int o = observationSize;
        float[] Rows(float[] values) => [.. keep.SelectMany(k => values.AsSpan(k * o, o).ToArray())];
        return row with
        {
            Observations = Rows(row.Observations),
            NextObservations = Rows(row.NextObservations),
            Actions = [.. keep.Select(k => row.Actions[k])],
            Rewards = [.. keep.Select(k => row.Rewards[k])],
            Terminated = [.. keep.Select(k => row.Terminated[k])],
            Truncated = [.. keep.Select(k => row.Truncated[k])],
            EpisodeReturns = row.EpisodeReturns is { } r ? [.. r.Where((_, e) => e % stride == 0)] : null,
        };
    }

    private int Length(int row) => _offsets[row + 1] - _offsets[row];
}
