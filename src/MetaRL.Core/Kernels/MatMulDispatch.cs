namespace MetaRL.Kernels;

/// <summary>
/// Chooses between the direct and the blocked SGEMM driver and splits large products over threads. The two
/// drivers cut the depth into different slices (the direct one up to 512 deep, the blocked one
/// <see cref="MatMulBlocked.KC"/>), which changes the rounding of a depth between them, so the driver is chosen
/// once for the whole product and every thread's part runs that one: the bits never depend on the thread count.
/// </summary>
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
        bool direct = UseDirect(g);
        if (threads > 1)
        {
            RunParallel(g, threads, direct);
            return;
        }
        RunSingle(g, direct);
    }

    /// <summary>True when the product (the whole one, not a thread's part of it) is small enough for the direct driver.</summary>
    internal static bool UseDirect(in SgemmArgs g) => (long)g.M * g.N * g.K <= DirectMaxWork && g.K <= 512;

    public static void RunSingle(in SgemmArgs g, bool direct)
    {
        if (ShouldSwap(g))
        {
            // A narrow C (few columns, many rows) wastes most of each NR-wide tile; Cᵀ = op(B)ᵀ·op(A)ᵀ fills them.
            RunSingleNoSwap(g.Transposed(), direct);
            return;
        }
        RunSingleNoSwap(g, direct);
    }

    /// <summary>True when computing Cᵀ needs at most two thirds of the micro-tiles C needs.</summary>
    internal static bool ShouldSwap(in SgemmArgs g)
    {
        int mr = MatMulKernels.MR, nr = MatMulKernels.NR;
        long direct = (long)((g.M + mr - 1) / mr) * ((g.N + nr - 1) / nr);
        long swapped = (long)((g.N + mr - 1) / mr) * ((g.M + nr - 1) / nr);
        return swapped * 3 <= direct * 2;
    }

    private static void RunSingleNoSwap(in SgemmArgs g, bool direct)
    {
        if (direct) { MatMulBlocked.Direct(g); }
        else { MatMulBlocked.Blocked(g); }
    }

    private static void RunParallel(SgemmArgs g, int threads, bool direct)
    {
        // Split the longer side into aligned chunks; each thread packs its own panels.
        bool byColumns = g.N >= g.M;
        int total = byColumns ? g.N : g.M;
        int unit = byColumns ? MatMulKernels.NR : MatMulKernels.MR;
        int units = (total + unit - 1) / unit;
        threads = Math.Min(threads, units);
        if (threads <= 1) { RunSingle(g, direct); return; }
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            int u0 = (int)((long)units * t / threads), u1 = (int)((long)units * (t + 1) / threads);
            int start = u0 * unit, end = Math.Min(total, u1 * unit);
            if (end <= start) { return; }
            RunSingle(byColumns ? g.Columns(start, end - start) : g.Rows(start, end - start), direct);
        });
    }
}
