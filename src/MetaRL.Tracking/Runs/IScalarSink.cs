namespace MetaRL.Tracking;

/// <summary>
/// Receives scalar metrics from a run (training loops write through this, never to a file directly).
/// Implementations: metrics.jsonl (Runs/), TensorBoard event files (TensorBoard/).
/// </summary>
public interface IScalarSink : IDisposable
{
    /// <summary>Records one value of <paramref name="tag"/> at <paramref name="step"/>; <paramref name="wallSeconds"/> is seconds since the run began.</summary>
    void Add(string tag, long step, double value, double wallSeconds);

    /// <summary>Makes everything written so far durable and readable by other processes.</summary>
    void Flush();
}
