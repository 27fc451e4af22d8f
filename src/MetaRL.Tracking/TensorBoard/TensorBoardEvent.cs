namespace MetaRL.Tracking.TensorBoard;

/// <summary>One scalar from an event: <c>Summary.Value{tag, simple_value}</c>.</summary>
public readonly record struct ScalarValue(string Tag, float Value);

/// <summary>A decoded event record (the fields scalar logging uses; others are skipped).</summary>
/// <param name="Offset">Byte offset of the record in its file.</param>
/// <param name="WallTime">Unix seconds.</param>
/// <param name="Step">The step (0 when absent).</param>
/// <param name="FileVersion">Set on the first record of a file.</param>
/// <param name="Scalars">The simple values of its summary.</param>
public sealed record TensorBoardEvent(long Offset, double WallTime, long Step, string? FileVersion, IReadOnlyList<ScalarValue> Scalars)
{
    /// <summary>Decodes an Event's protobuf bytes; throws <see cref="FormatException"/> when they are malformed.</summary>
    public static TensorBoardEvent Decode(ReadOnlySpan<byte> data, long offset)
    {
        var r = new ProtoReader(data);
        double wall = 0;
        long step = 0;
        string? version = null;
        var scalars = new List<ScalarValue>();
        while (!r.AtEnd)
        {
            var (field, wire) = r.Key();
            switch (field, wire)
            {
                case (EventProto.WallTimeField, WireType.Fixed64): wall = r.Double(); break;
                case (EventProto.StepField, WireType.Varint): step = unchecked((long)r.Varint()); break;
                case (EventProto.FileVersionField, WireType.LengthDelimited): version = r.String(); break;
                case (EventProto.SummaryField, WireType.LengthDelimited): DecodeSummary(r.LengthDelimited(), scalars); break;
                default: r.Skip(wire); break;
            }
        }
        return new TensorBoardEvent(offset, wall, step, version, scalars);
    }

    private static void DecodeSummary(ReadOnlySpan<byte> data, List<ScalarValue> into)
    {
        var r = new ProtoReader(data);
        while (!r.AtEnd)
        {
            var (field, wire) = r.Key();
            if (field == EventProto.SummaryValueField && wire == WireType.LengthDelimited)
            {
                var value = DecodeValue(r.LengthDelimited());
                if (value is { } v) { into.Add(v); }
            }
            else { r.Skip(wire); }
        }
    }

    // Values without simple_value (images, histograms, tensors) are skipped.
    private static ScalarValue? DecodeValue(ReadOnlySpan<byte> data)
    {
        var r = new ProtoReader(data);
        string tag = "";
        float? simple = null;
        while (!r.AtEnd)
        {
            var (field, wire) = r.Key();
            switch (field, wire)
            {
                case (EventProto.ValueTagField, WireType.LengthDelimited): tag = r.String(); break;
                case (EventProto.ValueSimpleValueField, WireType.Fixed32): simple = r.Float(); break;
                default: r.Skip(wire); break;
            }
        }
        return simple is { } s ? new ScalarValue(tag, s) : null;
    }
}
