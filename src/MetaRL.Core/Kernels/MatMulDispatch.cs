namespace MetaRL.Kernels;

/// <summary>Chooses between the direct and the blocked SGEMM driver and splits large products over threads.</summary>
internal static unsafe class MatMulDispatch
{
    /// <summary>Products with at most this many multiply-adds run the direct (unpacked-A) driver.</summary>
    public static long DirectMaxWork = 160L * 160 * 160;

    /// <summary>Multiply-adds per extra thread below which a product stays on one thread.</summary>
    public static long ParallelMinWorkPerThread = 96L * 96 * 96;

    public static void Run(in SgemmArgs g, int maxThreads)
    {
        long work = (long)g.M * g.N * g.K;
        int threads = (int)Math.Min(maxThreads, Math.Max(1, work / ParallelMinWorkPerThread));
        if (threads > 1)
        {
            RunParallel(g, threads);
            return;
        }
        RunSingle(g);
    }

    public static void RunSingle(in SgemmArgs g)
    {
        long work = (long)g.M * g.N * g.K;
        if (work <= DirectMaxWork && g.K <= 512) { MatMulBlocked.Direct(g); }
        else { MatMulBlocked.Blocked(g); }
    }

    private static void RunParallel(SgemmArgs g, int threads)
    {
        // Split the longer side into aligned chunks; each thread packs its own panels.
        bool byColumns = g.N >= g.M;
        int total = byColumns ? g.N : g.M;
        int unit = byColumns ? MatMulKernels.NR : MatMulKernels.MR;
        int units = (total + unit - 1) / unit;
        threads = Math.Min(threads, units);
        if (threads <= 1) { RunSingle(g); return; }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int u0 = (int)((long)units * t / threads), u1 = (int)((long)units * (t + 1) / threads);
            int start = u0 * unit, end = Math.Min(total, u1 * unit);
            if (end <= start) { return; }
            RunSingle(byColumns ? g.Columns(start, end - start) : g.Rows(start, end - start));
        });
    }
}
