namespace MetaRL.Cli.Commands.Bench;

/// <summary>Square SGEMM throughput: warm-up, then the median GFLOP/s of several timed batches.</summary>
internal static class SgemmBench
{
    /// <summary>Median GFLOP/s of C = A·B for n×n matrices using at most <paramref name="threads"/> threads
    /// (wall clock), and for one thread also the median rate over the thread's own CPU time (NaN otherwise).</summary>
    public static (double Wall, double CpuTime) Measure(int n, int threads, int samples, double secondsPerSample)
    {
        var rng = new MetaRL.Random.Rng(42);
        var a = new float[n * n];
        var b = new float[n * n];
        var c = new float[n * n];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = rng.NextFloat() - 0.5f;
            b[i] = rng.NextFloat() - 0.5f;
        }
        int saved = MatMul.MaxThreads;
        MatMul.MaxThreads = threads;
        try
        {
            double flop = 2.0 * n * n * n;
            // Calibrate the batch size on a warm-up run so each timed sample lasts about secondsPerSample.
            var watch = Stopwatch.StartNew();
            int warm = 0;
            while (watch.Elapsed.TotalSeconds < Math.Max(0.05, secondsPerSample) || warm < 3)
            {
                MatMul.Gemm(false, false, n, n, n, a, b, c);
                warm++;
            }
            int reps = Math.Max(1, (int)(warm * secondsPerSample / watch.Elapsed.TotalSeconds));
            var rates = new double[samples];
            var cpuRates = new double[samples];
            bool cpu = threads == 1 && ThreadCpuClock.IsAvailable;
            for (int s = 0; s < samples; s++)
            {
                double c0 = cpu ? ThreadCpuClock.Seconds() : 0;
                long t0 = Stopwatch.GetTimestamp();
                for (int r = 0; r < reps; r++) { MatMul.Gemm(false, false, n, n, n, a, b, c); }
                double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
                rates[s] = flop * reps / seconds / 1e9;
                cpuRates[s] = cpu ? flop * reps / (ThreadCpuClock.Seconds() - c0) / 1e9 : double.NaN;
            }
            return (Median(rates), cpu ? Median(cpuRates) : double.NaN);
        }
        finally
        {
            MatMul.MaxThreads = saved;
        }
    }

    internal static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
