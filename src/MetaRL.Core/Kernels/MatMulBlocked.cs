using System.Runtime.Intrinsics;

namespace MetaRL.Kernels;

/// <summary>One SGEMM problem in stride form: A(i,p) = a[i·ars + p·acs], B(p,j) = b[p·brs + j·bcs],
/// C(i,j) = c[i·crs + j·ccs]. Transposes (of any operand, C included) are just other strides.</summary>
internal readonly unsafe struct SgemmArgs(int m, int n, int k, float* a, nint ars, nint acs, float* b, nint brs, nint bcs, float* c, nint crs, nint ccs, bool accumulate)
{
    public readonly int M = m, N = n, K = k;
    public readonly float* A = a, B = b, C = c;
    public readonly nint Ars = ars, Acs = acs, Brs = brs, Bcs = bcs, Crs = crs, Ccs = ccs;
    public readonly bool Accumulate = accumulate;

    /// <summary>The same product computed as Cᵀ = op(B)ᵀ·op(A)ᵀ (roles of A and B swapped).</summary>
    public SgemmArgs Transposed() => new(N, M, K, B, Bcs, Brs, A, Acs, Ars, C, Ccs, Crs, Accumulate);

    /// <summary>The sub-problem for columns [j0, j0 + cols).</summary>
    public SgemmArgs Columns(int j0, int cols) => new(M, cols, K, A, Ars, Acs, B + j0 * Bcs, Brs, Bcs, C + j0 * Ccs, Crs, Ccs, Accumulate);

    /// <summary>The sub-problem for rows [i0, i0 + rows).</summary>
    public SgemmArgs Rows(int i0, int rows) => new(rows, N, K, A + i0 * Ars, Ars, Acs, B, Brs, Bcs, C + i0 * Crs, Crs, Ccs, Accumulate);
}

/// <summary>
/// Single-threaded SGEMM drivers around <see cref="MatMulKernels"/>: a direct one for small problems (A read
/// in place, B read in place when its rows are contiguous) and a cache-blocked one in Goto's loop order
/// (NC columns of B packed for L3, KC-deep slices, MC rows of A packed for L2 unless they are contiguous already,
/// the NR-wide B micro-panel staying in L1 while the micro-kernel sweeps down A).
/// </summary>
internal static unsafe class MatMulBlocked
{
    /// <summary>Depth of a packed slice (KC): an NR-wide B micro-panel of this depth stays in L1.</summary>
    public static int KC = 256;

    /// <summary>Rows of A packed per block (MC, a multiple of MR): the packed block stays in L2.</summary>
    public static int MC = 192;

    /// <summary>Columns of B packed per block (NC, a multiple of NR).</summary>
    public static int NC = 2048;

    [ThreadStatic] private static AlignedBuffer? t_packA;
    [ThreadStatic] private static AlignedBuffer? t_packB;

    /// <summary>Small problems: no A packing, B packed only when its rows are strided or for the last partial panel.</summary>
    public static void Direct(in SgemmArgs g)
    {
        if (g.M == 1 && g.Bcs == 1 && g.Ccs == 1 && Vector256.IsHardwareAccelerated)
        {
            Row(g);
            return;
        }
        int nr = MatMulKernels.NR, mr = MatMulKernels.MR;
        int kcMax = Math.Min(g.K, 512);
        float* bp = (t_packB ??= new AlignedBuffer()).Get(kcMax * nr);
        for (int pc = 0; pc < g.K; pc += kcMax)
        {
            int kc = Math.Min(kcMax, g.K - pc);
            bool acc = g.Accumulate || pc > 0;
            for (int jr = 0; jr < g.N; jr += nr)
            {
                int cols = Math.Min(nr, g.N - jr);
                float* bPanel = g.B + pc * g.Brs + jr * g.Bcs;
                nint ldb = g.Brs;
                if (g.Bcs != 1 || cols < nr)
                {
                    MatMulPack.PackB(kc, cols, bPanel, g.Brs, g.Bcs, bp);
                    bPanel = bp;
                    ldb = nr;
                }
                float* aBase = g.A + pc * g.Acs;
                float* cBase = g.C + jr * g.Ccs;
                for (int ir = 0; ir < g.M; ir += mr)
                {
                    MatMulKernels.Tile(kc, Math.Min(mr, g.M - ir), cols, aBase + ir * g.Ars, g.Ars, g.Acs, bPanel, ldb, cBase + ir * g.Crs, g.Crs, g.Ccs, acc);
                }
            }
        }
    }

    /// <summary>
    /// One row of A (a single observation, as in serving and one-environment rollouts): C (+)= a·B with B's rows read in
    /// place, without the micro-tile's six rows and packed panel. The sums are the micro-kernel's to the bit: each C(0, j)
    /// starts a slice of up to 512 products at zero, fuses them in order, then adds the slice to C.
    /// </summary>
    private static void Row(in SgemmArgs g)
    {
        int kcMax = Math.Min(g.K, 512), n = g.N, w = Vector256<float>.Count;
        for (int pc = 0; pc < g.K; pc += kcMax)
        {
            int kc = Math.Min(kcMax, g.K - pc);
            bool acc = g.Accumulate || pc > 0;
            float* a = g.A + pc * g.Acs;
            float* b = g.B + pc * g.Brs;
            int j = 0;
            for (; j + 4 * w <= n; j += 4 * w)
            {
                Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
                for (int p = 0; p < kc; p++)
                {
                    var av = Vector256.Create(a[p * g.Acs]);
                    float* bp = b + p * g.Brs + j;
                    s0 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp), s0);
                    s1 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + w), s1);
                    s2 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 2 * w), s2);
                    s3 = Vector256.FusedMultiplyAdd(av, Vector256.Load(bp + 3 * w), s3);
                }
                float* c = g.C + j;
                if (acc)
                {
                    s0 += Vector256.Load(c);
                    s1 += Vector256.Load(c + w);
                    s2 += Vector256.Load(c + 2 * w);
                    s3 += Vector256.Load(c + 3 * w);
                }
                s0.Store(c);
                s1.Store(c + w);
                s2.Store(c + 2 * w);
                s3.Store(c + 3 * w);
            }
            for (; j + w <= n; j += w)
            {
                Vector256<float> s = default;
                for (int p = 0; p < kc; p++) { s = Vector256.FusedMultiplyAdd(Vector256.Create(a[p * g.Acs]), Vector256.Load(b + p * g.Brs + j), s); }
                if (acc) { s += Vector256.Load(g.C + j); }
                s.Store(g.C + j);
            }
            for (; j < n; j++)
            {
                float s = 0;
                for (int p = 0; p < kc; p++) { s = MathF.FusedMultiplyAdd(a[p * g.Acs], b[p * g.Brs + j], s); }
                g.C[j] = acc ? g.C[j] + s : s;
            }
        }
    }

    /// <summary>Large problems: packed and cache-blocked.</summary>
    public static void Blocked(in SgemmArgs g)
    {
        int nr = MatMulKernels.NR, mr = MatMulKernels.MR;
        int kcMax = KC, mcMax = MC, ncMax = NC;
        float* ap = (t_packA ??= new AlignedBuffer()).Get(mcMax * kcMax);
        float* bp = (t_packB ??= new AlignedBuffer()).Get(kcMax * (ncMax + nr));
        for (int jc = 0; jc < g.N; jc += ncMax)
        {
            int nc = Math.Min(ncMax, g.N - jc);
            for (int pc = 0; pc < g.K; pc += kcMax)
            {
                int kc = Math.Min(kcMax, g.K - pc);
                bool acc = g.Accumulate || pc > 0;
                MatMulPack.PackB(kc, nc, g.B + pc * g.Brs + jc * g.Bcs, g.Brs, g.Bcs, bp);
                for (int ic = 0; ic < g.M; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, g.M - ic);
                    // Rows of op(A) that are contiguous already stream well from L2 in place (a KC-deep slice of
                    // MC rows is the same size packed or not), so only strided op(A) is packed. Packing moves
                    // data only: the sums, and so the bits, are the same either way.
                    bool packA = g.Acs != 1;
                    float* aBlock = g.A + ic * g.Ars + pc * g.Acs;
                    if (packA) { MatMulPack.PackA(mc, kc, aBlock, g.Ars, g.Acs, ap); }
                    float* cBlock = g.C + ic * g.Crs + jc * g.Ccs;
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bPanel = bp + (nint)jr * kc;
                        for (int ir = 0; ir < mc; ir += mr)
                        {
                            float* aStrip = packA ? ap + (nint)ir * kc : aBlock + ir * g.Ars;
                            MatMulKernels.Tile(kc, Math.Min(mr, mc - ir), cols, aStrip, packA ? 1 : g.Ars, packA ? mr : 1, bPanel, nr, cBlock + ir * g.Crs + jr * g.Ccs, g.Crs, g.Ccs, acc);
                        }
                    }
                }
            }
        }
    }
}

/// <summary>A per-thread, 64-byte-aligned, pinned scratch buffer that grows on demand.</summary>
internal sealed unsafe class AlignedBuffer
{
    private float[] _array = [];
    private float* _aligned;

    /// <summary>A pointer to at least <paramref name="count"/> floats, valid until the next larger request.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float* Get(int count) => count <= _array.Length - 16 ? _aligned : Grow(count);

    private float* Grow(int count)
    {
        _array = GC.AllocateUninitializedArray<float>(count + 16, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref _array[0]);
        _aligned = (float*)((address + 63) & ~(nint)63);
        return _aligned;
    }
}
