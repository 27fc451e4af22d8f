using System.Text;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Collects rows column by column and builds one Arrow record batch of them. A row is <see cref="BeginRow"/>, its
/// transitions, then (dpt) <see cref="SetQuery"/> or (ad) its episode returns, then <see cref="EndRow"/>.
/// </summary>
internal sealed class DecisionBatchBuilder(Schema schema, DecisionSource source, int observationSize, int actions)
{
    private readonly ColumnBuffer<long> _taskIds = new();
    private readonly ColumnBuffer<byte> _taskText = new();
    private readonly ColumnBuffer<int> _taskOffsets = new();
    private readonly ColumnBuffer<int> _stepOffsets = new();
    private readonly ColumnBuffer<float> _observations = new();
    private readonly ColumnBuffer<int> _actions = new();
    private readonly ColumnBuffer<float> _rewards = new();
    private readonly ColumnBuffer<float> _next = new();
    private readonly ColumnBuffer<bool> _terminated = new();
    private readonly ColumnBuffer<bool> _truncated = new();
    private readonly ColumnBuffer<float> _behaviour = new();
    private readonly ColumnBuffer<float> _query = new();
    private readonly ColumnBuffer<int> _queryStep = new();
    private readonly ColumnBuffer<int> _optimal = new();
    private readonly ColumnBuffer<int> _returnOffsets = new();
    private readonly ColumnBuffer<float> _returns = new();

    /// <summary>Rows in the batch so far.</summary>
    public int Rows => _taskIds.Count;

    /// <summary>Transitions in the batch so far.</summary>
    public int Transitions => _actions.Count;

    /// <summary>Observation values in the batch so far (what bounds a file: Arrow's offsets are 32-bit).</summary>
    public long ObservationValues => _observations.Count;

    public void BeginRow(long taskId, string taskJson)
    {
        if (Rows == 0) { Clear(); }
        _taskIds.Add(taskId);
        _taskText.AddRange(Encoding.UTF8.GetBytes(taskJson));
    }

    public void AddTransition(ReadOnlySpan<float> observation, int action, double reward, ReadOnlySpan<float> next, bool terminated, bool truncated)
    {
        _observations.AddRange(observation);
        _actions.Add(action);
        _rewards.Add((float)reward);
        _next.AddRange(next);
        _terminated.Add(terminated);
        _truncated.Add(truncated);
    }

    public void SetQuery(ReadOnlySpan<float> behaviour, ReadOnlySpan<float> observation, int step, int optimalAction)
    {
        _behaviour.AddRange(behaviour);
        _query.AddRange(observation);
        _queryStep.Add(step);
        _optimal.Add(optimalAction);
    }

    public void AddEpisodeReturn(double total) => _returns.Add((float)total);

    public void EndRow()
    {
        _taskOffsets.Add(_taskText.Count);
        _stepOffsets.Add(_actions.Count);
        _returnOffsets.Add(_returns.Count);
    }

    /// <summary>The rows collected so far as one record batch; the builder starts a new batch at the next row.</summary>
    public RecordBatch Build()
    {
        int rows = Rows, steps = Transitions;
        var stepOffsets = _stepOffsets.ToArrow();
        var e = ArrowBuffer.Empty;
        IArrowArray Steps(string column, IArrowArray values) => new ListArray(Type(column), rows, stepOffsets, values, e, 0, 0);
        IArrowArray Vectors(ColumnBuffer<float> values, int size, int count) =>
            new FixedSizeListArray(new FixedSizeListType(FloatType.Default, size), count, new FloatArray(values.ToArrow(), e, count * size, 0, 0), e, 0, 0);
        var arrays = new List<IArrowArray>
        {
            new Int64Array(_taskIds.ToArrow(), e, rows, 0, 0),
            new StringArray(rows, _taskOffsets.ToArrow(), _taskText.ToArrow(), e, 0, 0),
            Steps(DecisionSchema.Observations, Vectors(_observations, observationSize, steps)),
            Steps(DecisionSchema.Actions, new Int32Array(_actions.ToArrow(), e, steps, 0, 0)),
            Steps(DecisionSchema.Rewards, new FloatArray(_rewards.ToArrow(), e, steps, 0, 0)),
            Steps(DecisionSchema.NextObservations, Vectors(_next, observationSize, steps)),
            Steps(DecisionSchema.Terminated, new BooleanArray(BitPacking.Pack(_terminated.Span), e, steps, 0, 0)),
            Steps(DecisionSchema.Truncated, new BooleanArray(BitPacking.Pack(_truncated.Span), e, steps, 0, 0)),
        };
        if (source == DecisionSource.Dpt)
        {
            arrays.Add(Vectors(_behaviour, actions, rows));
            arrays.Add(Vectors(_query, observationSize, rows));
            arrays.Add(new Int32Array(_queryStep.ToArrow(), e, rows, 0, 0));
            arrays.Add(new Int32Array(_optimal.ToArrow(), e, rows, 0, 0));
        }
        else
        {
            arrays.Add(new ListArray(Type(DecisionSchema.EpisodeReturns), rows, _returnOffsets.ToArrow(), new FloatArray(_returns.ToArrow(), e, _returns.Count, 0, 0), e, 0, 0));
        }
        var batch = new RecordBatch(schema, arrays, rows);
        _taskIds.Clear(); // Rows == 0: the next BeginRow clears the rest
        return batch;
    }

    private IArrowType Type(string column) => schema.GetFieldByName(column).DataType;

    private void Clear()
    {
        IColumnBuffer[] all = [_taskText, _taskOffsets, _stepOffsets, _observations, _actions, _rewards, _next, _terminated, _truncated, _behaviour, _query, _queryStep, _optimal, _returnOffsets, _returns];
        foreach (var column in all) { column.Clear(); }
        _taskOffsets.Add(0);
        _stepOffsets.Add(0);
        _returnOffsets.Add(0);
    }
}
