namespace MetaRL.Tracking.TensorBoard;

/// <summary>
/// Hand encoding of the parts of tensorflow's <c>Event</c> (core/util/event.proto) and <c>Summary</c>
/// (core/framework/summary.proto) that scalar logging uses. proto3 rules: fields at their default value
/// (0, empty) are left out.
/// </summary>
public static class EventProto
{
    /// <summary><c>Event.wall_time</c> (double).</summary>
    public const int WallTimeField = 1;
    /// <summary><c>Event.step</c> (int64).</summary>
    public const int StepField = 2;
    /// <summary><c>Event.file_version</c> (string, in the <c>what</c> oneof).</summary>
    public const int FileVersionField = 3;
    /// <summary><c>Event.summary</c> (Summary, in the <c>what</c> oneof).</summary>
    public const int SummaryField = 5;
    /// <summary><c>Summary.value</c> (repeated Value).</summary>
    public const int SummaryValueField = 1;
    /// <summary><c>Summary.Value.tag</c> (string).</summary>
    public const int ValueTagField = 1;
    /// <summary><c>Summary.Value.simple_value</c> (float, in the <c>value</c> oneof).</summary>
    public const int ValueSimpleValueField = 2;

    /// <summary>The version string TensorBoard expects in the first record.</summary>
    public const string FileVersion = "brain.Event:2";

    /// <summary>The first event of a file: <c>Event{wall_time, file_version}</c>.</summary>
    public static byte[] FileVersionEvent(double wallTime)
    {
        var w = new ProtoWriter();
        if (wallTime != 0) { w.Double(WallTimeField, wallTime); }
        w.String(FileVersionField, FileVersion);
        return w.ToArray();
    }

    /// <summary>A scalar: <c>Event{wall_time, step, summary{value{tag, simple_value}}}</c>.</summary>
    public static byte[] ScalarEvent(double wallTime, long step, string tag, float value)
    {
        var v = new ProtoWriter();
        if (tag.Length > 0) { v.String(ValueTagField, tag); }
        // simple_value sits in a oneof, so it is written even when it is 0.
        v.Float(ValueSimpleValueField, value);
        var summary = new ProtoWriter();
        summary.Bytes(SummaryValueField, v.ToArray());
        var e = new ProtoWriter();
        if (wallTime != 0) { e.Double(WallTimeField, wallTime); }
        if (step != 0) { e.Int64(StepField, step); }
        e.Bytes(SummaryField, summary.ToArray());
        return e.ToArray();
    }
}
