using Apache.Arrow;
using Apache.Arrow.Types;

namespace MetaRL.Learning.Decision;

/// <summary>
/// Checks one record batch against the dataset's schema and invariants, and reads its rows. Every check names what it
/// found: a column of the wrong type, offsets that do not line up, an action out of range, a context of the wrong length.
/// Problems throw <see cref="InvalidDataException"/>; <see cref="DecisionDataset"/> adds the file's name.
/// </summary>
internal static class DecisionBatchReader
{
    /// <summary>Checks the schema of a file: the source's columns in order, each of its type.</summary>
    public static void CheckSchema(Schema schema, DecisionManifest manifest)
    {
        var expected = DecisionSchema.Columns(manifest.Source);
        var names = schema.FieldsList.Select(f => f.Name).ToArray();
        if (!names.SequenceEqual(expected))
        {
            throw new InvalidDataException($"columns [{string.Join(", ", names)}] are not the {DecisionDataRequest.SourceName(manifest.Source)} columns [{string.Join(", ", expected)}]");
        }
        foreach (var field in schema.FieldsList)
        {
            string want = DecisionSchema.Describe(DecisionSchema.TypeOf(field.Name, manifest.ObservationSize, manifest.Actions));
            string have = DecisionSchema.Describe(field.DataType);
            if (have != want) { throw new InvalidDataException($"column '{field.Name}' is {have}, expected {want}"); }
        }
    }

    /// <summary>Checks a batch and returns its rows; <paramref name="firstTaskId"/> is the task id its first row must have.</summary>
    public static List<DecisionRow> Read(RecordBatch batch, DecisionManifest manifest, long firstTaskId)
    {
        int rows = batch.Length, d = manifest.ObservationSize;
        if (batch.Arrays.Any(a => a.Length != rows || a.NullCount != 0)) { throw new InvalidDataException("a column has the wrong length or holds nulls"); }
        var ids = Values<Int64Array, long>(batch, DecisionSchema.TaskId);
        var tasks = (StringArray)batch.Column(DecisionSchema.Task);
        var (offsets, observations) = Steps<float>(batch, DecisionSchema.Observations, d);
        var actions = Steps<int>(batch, DecisionSchema.Actions, 1, offsets).Values;
        var rewards = Steps<float>(batch, DecisionSchema.Rewards, 1, offsets).Values;
        var next = Steps<float>(batch, DecisionSchema.NextObservations, d, offsets).Values;
        var terminated = Flags(batch, DecisionSchema.Terminated, offsets);
        var truncated = Flags(batch, DecisionSchema.Truncated, offsets);
        foreach (int a in actions) { if (a < 0 || a >= manifest.Actions) { throw new InvalidDataException($"action {a} is outside [0, {manifest.Actions})"); } }

        var result = new List<DecisionRow>(rows);
        for (int i = 0; i < rows; i++)
        {
            if (ids[i] != firstTaskId + i) { throw new InvalidDataException($"row {i} has task_id {ids[i]}, expected {firstTaskId + i}"); }
            int from = offsets[i], to = offsets[i + 1];
            var row = new DecisionRow(ids[i], tasks.GetString(i) ?? "", observations[(from * d)..(to * d)], actions[from..to], rewards[from..to],
                next[(from * d)..(to * d)], terminated[from..to], truncated[from..to]);
            result.Add(manifest.Source == DecisionSource.Dpt ? WithQuery(batch, manifest, row, i) : WithReturns(batch, row, i));
        }
        return result;
    }

    private static DecisionRow WithQuery(RecordBatch batch, DecisionManifest manifest, DecisionRow row, int i)
    {
        int context = int.Parse(manifest.Options.GetValueOrDefault("context", "-1"), System.Globalization.CultureInfo.InvariantCulture);
        if (row.Steps != context) { throw new InvalidDataException($"row {i} has {row.Steps} transitions; the dataset's context is {context}"); }
        int optimal = Values<Int32Array, int>(batch, DecisionSchema.OptimalAction)[i];
        if (optimal < 0 || optimal >= manifest.Actions) { throw new InvalidDataException($"row {i}: optimal_action {optimal} is outside [0, {manifest.Actions})"); }
        return row with
        {
            Behaviour = Vector(batch, DecisionSchema.Behaviour, manifest.Actions, i),
            QueryObservation = Vector(batch, DecisionSchema.QueryObservation, manifest.ObservationSize, i),
            QueryStep = Values<Int32Array, int>(batch, DecisionSchema.QueryStep)[i],
            OptimalAction = optimal,
        };
    }

    private static DecisionRow WithReturns(RecordBatch batch, DecisionRow row, int i)
    {
        var list = (ListArray)batch.Column(DecisionSchema.EpisodeReturns);
        var values = ((FloatArray)list.Values).Values;
        var offsets = CheckOffsets(list.ValueOffsets, batch.Length, values.Length, DecisionSchema.EpisodeReturns);
        return row with { EpisodeReturns = values[offsets[i]..offsets[i + 1]].ToArray() };
    }

    private static T[] Values<TArray, T>(RecordBatch batch, string column) where TArray : PrimitiveArray<T> where T : struct, IEquatable<T>
    {
        var array = (TArray)batch.Column(column);
        return array.Values[..array.Length].ToArray();
    }

    private static float[] Vector(RecordBatch batch, string column, int size, int i)
    {
        var list = (FixedSizeListArray)batch.Column(column);
        var values = ((FloatArray)list.Values).Values;
        if (values.Length < (list.Offset + batch.Length) * size) { throw new InvalidDataException($"column '{column}' holds fewer values than its rows need"); }
        return values.Slice((list.Offset + i) * size, size).ToArray();
    }

    /// <summary>A per-step column's row offsets (checked) and its flat values (<paramref name="width"/> per step).</summary>
    private static (int[] Offsets, T[] Values) Steps<T>(RecordBatch batch, string column, int width, int[]? sameAs = null) where T : struct, IEquatable<T>
    {
        var list = (ListArray)batch.Column(column);
        var inner = width > 1 || list.Values is FixedSizeListArray ? ((FixedSizeListArray)list.Values).Values : list.Values;
        var values = ((PrimitiveArray<T>)inner).Values;
        int steps = list.Values.Length;
        var offsets = CheckOffsets(list.ValueOffsets, batch.Length, steps, column);
        if (sameAs is not null && !offsets.AsSpan().SequenceEqual(sameAs)) { throw new InvalidDataException($"column '{column}' has different row lengths from 'observations'"); }
        if (values.Length < steps * width) { throw new InvalidDataException($"column '{column}' holds {values.Length} values for {steps} steps of {width}"); }
        return (offsets, values[..(steps * width)].ToArray());
    }

    private static bool[] Flags(RecordBatch batch, string column, int[] offsets)
    {
        var list = (ListArray)batch.Column(column);
        var flags = (BooleanArray)list.Values;
        var own = CheckOffsets(list.ValueOffsets, batch.Length, flags.Length, column);
        if (!own.AsSpan().SequenceEqual(offsets)) { throw new InvalidDataException($"column '{column}' has different row lengths from 'observations'"); }
        var result = new bool[flags.Length];
        for (int i = 0; i < result.Length; i++) { result[i] = flags.GetValue(i) == true; }
        return result;
    }

    private static int[] CheckOffsets(ReadOnlySpan<int> offsets, int rows, int values, string column)
    {
        if (offsets.Length < rows + 1) { throw new InvalidDataException($"column '{column}' has {offsets.Length} offsets for {rows} rows"); }
        var result = offsets[..(rows + 1)].ToArray();
        if (result[0] != 0 || result[rows] != values) { throw new InvalidDataException($"column '{column}': offsets run from {result[0]} to {result[rows]} over {values} values"); }
        for (int i = 0; i < rows; i++) { if (result[i + 1] < result[i]) { throw new InvalidDataException($"column '{column}': offsets decrease at row {i}"); } }
        return result;
    }
}
