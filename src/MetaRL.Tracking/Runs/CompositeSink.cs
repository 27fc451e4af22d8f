namespace MetaRL.Tracking;

/// <summary>Forwards every scalar to several sinks (typically metrics.jsonl and a TensorBoard event file); owns and disposes them.</summary>
public sealed class CompositeSink(params IReadOnlyList<IScalarSink> sinks) : IScalarSink
{
    /// <summary>The sinks, in the order they receive each value.</summary>
    public IReadOnlyList<IScalarSink> Sinks { get; } = sinks;

    public void Add(string tag, long step, double value, double wallSeconds)
    {
        foreach (var sink in Sinks) { sink.Add(tag, step, value, wallSeconds); }
    }

    public void Flush()
    {
        foreach (var sink in Sinks) { sink.Flush(); }
    }

    public void Dispose()
    {
        foreach (var sink in Sinks) { sink.Dispose(); }
    }
}
