using System.Diagnostics;

namespace MetaRL.Distributed;

/// <summary>Receives a payload and answers at once: what a grain call costs beyond its work (serialisation, the network,
/// scheduling), for <c>metarl cluster probe</c> and the paper model of docs/distributed.md.</summary>
[Alias("metarl.payload-probe")]
public interface IPayloadProbeGrain : IGrainWithIntegerKey
{
    /// <summary>The number of floats received.</summary>
    [Alias("receive")]
    Task<int> Receive(float[][] payload);
}

internal sealed class PayloadProbeGrain : Grain, IPayloadProbeGrain
{
    public Task<int> Receive(float[][] payload) => Task.FromResult(payload?.Sum(p => p.Length) ?? 0);
}

/// <summary>The mean and median microseconds per call of a probe run, with the payload's size.</summary>
public sealed record ProbeResult(int Floats, int Calls, double MeanMicroseconds, double MedianMicroseconds)
{
    /// <summary>The payload in bytes (4 per float).</summary>
    public long Bytes => 4L * Floats;
}

/// <summary>Measures <see cref="IPayloadProbeGrain"/> round trips.</summary>
public static class PayloadProbe
{
    /// <summary><paramref name="calls"/> sequential calls (after <paramref name="warmup"/> unmeasured ones) with a payload of
    /// <paramref name="floats"/> floats in one array, spread over <paramref name="grains"/> grains (so over the silos).</summary>
    public static ProbeResult Measure(IGrainFactory factory, int floats, int calls, int warmup = 50, int grains = 8)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentOutOfRangeException.ThrowIfNegative(floats);
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        float[][] payload = [new float[floats]];
        var probes = Enumerable.Range(0, Math.Max(1, grains)).Select(i => factory.GetGrain<IPayloadProbeGrain>(i)).ToArray();
        for (int i = 0; i < warmup; i++) { probes[i % probes.Length].Receive(payload).GetAwaiter().GetResult(); }
        var times = new double[calls];
        for (int i = 0; i < calls; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            int got = probes[i % probes.Length].Receive(payload).GetAwaiter().GetResult();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
            if (got != floats) { throw new InvalidOperationException($"the probe received {got} floats of {floats}"); }
        }
        Array.Sort(times);
        return new ProbeResult(floats, calls, times.Average(), times[calls / 2]);
    }
}
