namespace MetaRL.Learning;

/// <summary>Counts finished episodes and keeps the most recent returns (for <c>final_return_mean</c> and progress).</summary>
public sealed class EpisodeLog
{
    /// <summary>How many recent returns are kept.</summary>
    public const int Window = 100;

    private readonly Queue<double> _recent = new();

    /// <summary>Episodes finished so far.</summary>
    public long Count { get; private set; }

    /// <summary>Most recent returns, oldest first.</summary>
    public IReadOnlyCollection<double> Recent => _recent;

    public void Add(double episodeReturn)
    {
        Count++;
        _recent.Enqueue(episodeReturn);
        if (_recent.Count > Window) { _recent.Dequeue(); }
    }

    /// <summary>Mean of the last <paramref name="n"/> returns (NaN before any episode ends).</summary>
    public double MeanOfLast(int n)
    {
        if (_recent.Count == 0) { return double.NaN; }
        return _recent.Skip(Math.Max(0, _recent.Count - n)).Average();
    }

    internal void Save(IDictionary<string, Tensor> state)
    {
        state["episodes.count"] = Tensor.FromArray(new[] { Count }, 1);
        state["episodes.recent"] = Tensor.FromArray(_recent.Count == 0 ? [0.0] : _recent.ToArray(), Math.Max(1, _recent.Count));
    }

    internal void Load(IReadOnlyDictionary<string, Tensor> state)
    {
        _recent.Clear();
        var recent = state["episodes.recent"].ToDoubleArray();
        Count = (long)state["episodes.count"][0];
        for (int i = 0; i < Math.Min(recent.Length, (int)Math.Min(Count, Window)); i++) { _recent.Enqueue(recent[i]); }
    }
}
