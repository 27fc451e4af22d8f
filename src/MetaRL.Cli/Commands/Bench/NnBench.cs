namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// The figures of <c>metarl bench nn</c>: SGEMM GFLOP/s at each size on one thread (wall clock and thread CPU
/// time) and on all cores (<see cref="SgemmBench"/>), one PPO minibatch update (<see cref="PpoUpdateBench"/>: time and
/// bytes allocated) and
/// one RL² minibatch through each recurrent cell (<see cref="RecurrenceBench"/>). The SGEMM and cell figures are
/// already rounded as printed; the PPO microseconds are not.
/// </summary>
internal sealed record NnBench(
    SortedDictionary<string, double> SgemmOneThread, SortedDictionary<string, double> SgemmAll,
    SortedDictionary<string, double> SgemmOneThreadCpu, double PpoUs, double PpoP10, double PpoMean, double PpoCpuUs, long PpoAllocBytes,
    SortedDictionary<string, double> RecurrenceMs, int Cores)
{
    /// <summary>The matrix sizes measured, keyed in the SGEMM maps by <see cref="Key"/>.</summary>
    public static readonly int[] Sizes = [64, 256, 1024];

    public static string Key(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs every measurement; <paramref name="quick"/> takes fewer, shorter samples (noisier).</summary>
    /// <exception cref="InvalidOperationException">The PPO update's loss was not finite.</exception>
    public static NnBench Measure(bool quick)
    {
        int samples = quick ? 3 : 9;
        double seconds = quick ? 0.02 : 0.2;
        int cores = Environment.ProcessorCount;
        var one = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var all = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var oneCpu = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (int n in Sizes)
        {
            var (wall, cpuTime) = SgemmBench.Measure(n, 1, samples, seconds);
            one[Key(n)] = Math.Round(wall, 1);
            if (double.IsFinite(cpuTime)) { oneCpu[Key(n)] = Math.Round(cpuTime, 1); }
            all[Key(n)] = Math.Round(SgemmBench.Measure(n, cores, samples, seconds).Wall, 1);
        }
        var ppo = new PpoUpdateBench(seed: 1);
        var (ppoUs, ppoP10, ppoMean) = ppo.Measure(warmup: quick ? 50 : 1000, iterations: quick ? 200 : 5000);
        double ppoCpuUs = ppo.MeasureCpuMicroseconds(batches: quick ? 3 : 60);
        long ppoAlloc = ppo.MeasureAllocatedBytes(warmup: 10, updates: quick ? 100 : 1000);
        if (!double.IsFinite(ppo.LastLoss)) { throw new InvalidOperationException("The PPO update produced a non-finite loss."); }
        var recurrence = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var cell in RecurrenceBench.Cells) { recurrence[cell] = Math.Round(RecurrenceBench.Measure(cell, quick ? 3 : 15), 2); }
        return new NnBench(one, all, oneCpu, ppoUs, ppoP10, ppoMean, ppoCpuUs, ppoAlloc, recurrence, cores);
    }
}
