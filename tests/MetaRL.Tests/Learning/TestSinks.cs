using MetaRL.Tracking;

namespace MetaRL.Tests.Learning;

/// <summary>Keeps every scalar in memory (wall time dropped, so runs can be compared value for value).</summary>
internal sealed class MemorySink : IScalarSink
{
    public List<(string Tag, long Step, double Value)> Rows { get; } = [];

    public void Add(string tag, long step, double value, double wallSeconds) => Rows.Add((tag, step, value));

    public void Flush() { }

    public void Dispose() { }

    public IEnumerable<double> Values(string tag) => Rows.Where(r => r.Tag == tag).Select(r => r.Value);
}
