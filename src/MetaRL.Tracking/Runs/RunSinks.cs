using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tracking;

/// <summary>The sinks every training run writes through: metrics.jsonl and a TensorBoard event file, in one.</summary>
public static class RunSinks
{
    /// <summary>Opens both sinks in <paramref name="runDir"/> (created if missing); dispose the result at the end of the run.</summary>
    /// <param name="runDir">The run directory.</param>
    /// <param name="startUnixSeconds">Unix time the run began (event wall times are this plus the run's seconds); defaults to now.</param>
    /// <param name="flush">Flush policy for both; defaults to every 100 records or 2 s.</param>
    public static IScalarSink Create(string runDir, double? startUnixSeconds = null, FlushPolicy? flush = null) =>
        new CompositeSink(new JsonlScalarSink(runDir, flush), new TensorBoardWriter(runDir, startUnixSeconds, flush: flush));
}
