namespace MetaRL.Kernels;

/// <summary>
/// Register-blocked SGEMM micro-kernels: each computes one MR×NR tile of C from a strip of A
/// (element (i,p) at <c>a[i·ars + p·acs]</c>, so packed and unpacked A both work) and a strip of B whose
/// rows hold NR contiguous floats (<c>b[p·ldb + j]</c>). The tile lives in registers for the whole k loop.
/// Rows of A past <c>mr</c> are clamped to the last valid row (their results are discarded), so A never
/// needs padding; partial tiles of C go through a small stack buffer.
/// </summary>
internal static unsafe class MatMulKernels
{
    /// <summary>Rows per micro-tile.</summary>
    public const int MR = 6;

    /// <summary>True when the 512-bit kernel runs (AVX-512F with hardware acceleration).</summary>
    public static readonly bool UseAvx512 = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>True when the 256-bit FMA kernel runs (the fallback on AVX2 machines).</summary>
    public static readonly bool UseAvx2 = !UseAvx512 && Fma.IsSupported && Avx.IsSupported;

    /// <summary>Columns per micro-tile: two vectors of the widest available width.</summary>
    public static readonly int NR = UseAvx512 ? 32 : 16;

    /// <summary>
    /// C[i, j] (+)= Σ_p A[i, p]·B[p, j] for i &lt; mr, j &lt; nr, with C at <c>c[i·crs + j·ccs]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile(int kc, int mr, int nr, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint crs, nint ccs, bool accumulate)
    {
        if (mr == MR && nr == NR && ccs == 1)
        {
            Dispatch(kc, MR, a, ars, acs, b, ldb, c, crs, accumulate);
            return;
        }
        float* tile = stackalloc float[MR * 32];
        Dispatch(kc, mr, a, ars, acs, b, ldb, tile, NR, accumulate: false);
        for (int i = 0; i < mr; i++)
        {
            float* src = tile + i * NR;
            float* dst = c + i * crs;
            if (accumulate)
            {
                for (int j = 0; j < nr; j++) { dst[j * ccs] += src[j]; }
            }
            else
            {
                for (int j = 0; j < nr; j++) { dst[j * ccs] = src[j]; }
            }
        }
    }

    private static void Dispatch(int kc, int mr, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        if (UseAvx512) { Kernel512(kc, mr, a, ars, acs, b, ldb, c, ldc, accumulate); }
        else if (UseAvx2) { Kernel256(kc, mr, a, ars, acs, b, ldb, c, ldc, accumulate); }
        else { KernelScalar(kc, mr, a, ars, acs, b, ldb, c, ldc, accumulate); }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, int mr, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        float* a0 = a, a1 = a + Math.Min(1, mr - 1) * ars, a2 = a + Math.Min(2, mr - 1) * ars;
        float* a3 = a + Math.Min(3, mr - 1) * ars, a4 = a + Math.Min(4, mr - 1) * ars, a5 = a + Math.Min(5, mr - 1) * ars;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint o = 0;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + 16);
            var av = Vector512.Create(a0[o]);
            c00 = Avx512F.FusedMultiplyAdd(av, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(av, b1, c01);
            av = Vector512.Create(a1[o]);
            c10 = Avx512F.FusedMultiplyAdd(av, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(av, b1, c11);
            av = Vector512.Create(a2[o]);
            c20 = Avx512F.FusedMultiplyAdd(av, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(av, b1, c21);
            av = Vector512.Create(a3[o]);
            c30 = Avx512F.FusedMultiplyAdd(av, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(av, b1, c31);
            av = Vector512.Create(a4[o]);
            c40 = Avx512F.FusedMultiplyAdd(av, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(av, b1, c41);
            av = Vector512.Create(a5[o]);
            c50 = Avx512F.FusedMultiplyAdd(av, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(av, b1, c51);
            o += acs;
            b += ldb;
        }
        Store512(c, c00, c01, accumulate);
        Store512(c + ldc, c10, c11, accumulate);
        Store512(c + 2 * ldc, c20, c21, accumulate);
        Store512(c + 3 * ldc, c30, c31, accumulate);
        Store512(c + 4 * ldc, c40, c41, accumulate);
        Store512(c + 5 * ldc, c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> v0, Vector512<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector512.Load(c);
            v1 += Vector512.Load(c + 16);
        }
        v0.Store(c);
        v1.Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, int mr, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        float* a0 = a, a1 = a + Math.Min(1, mr - 1) * ars, a2 = a + Math.Min(2, mr - 1) * ars;
        float* a3 = a + Math.Min(3, mr - 1) * ars, a4 = a + Math.Min(4, mr - 1) * ars, a5 = a + Math.Min(5, mr - 1) * ars;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint o = 0;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + 8);
            var av = Vector256.Create(a0[o]);
            c00 = Fma.MultiplyAdd(av, b0, c00);
            c01 = Fma.MultiplyAdd(av, b1, c01);
            av = Vector256.Create(a1[o]);
            c10 = Fma.MultiplyAdd(av, b0, c10);
            c11 = Fma.MultiplyAdd(av, b1, c11);
            av = Vector256.Create(a2[o]);
            c20 = Fma.MultiplyAdd(av, b0, c20);
            c21 = Fma.MultiplyAdd(av, b1, c21);
            av = Vector256.Create(a3[o]);
            c30 = Fma.MultiplyAdd(av, b0, c30);
            c31 = Fma.MultiplyAdd(av, b1, c31);
            av = Vector256.Create(a4[o]);
            c40 = Fma.MultiplyAdd(av, b0, c40);
            c41 = Fma.MultiplyAdd(av, b1, c41);
            av = Vector256.Create(a5[o]);
            c50 = Fma.MultiplyAdd(av, b0, c50);
            c51 = Fma.MultiplyAdd(av, b1, c51);
            o += acs;
            b += ldb;
        }
        Store256(c, c00, c01, accumulate);
        Store256(c + ldc, c10, c11, accumulate);
        Store256(c + 2 * ldc, c20, c21, accumulate);
        Store256(c + 3 * ldc, c30, c31, accumulate);
        Store256(c + 4 * ldc, c40, c41, accumulate);
        Store256(c + 5 * ldc, c50, c51, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store256(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }
        v0.Store(c);
        v1.Store(c + 8);
    }

    /// <summary>Portable fallback with the same contract (NR = 16).</summary>
    private static void KernelScalar(int kc, int mr, float* a, nint ars, nint acs, float* b, nint ldb, float* c, nint ldc, bool accumulate)
    {
        const int nr = 16;
        float* acc = stackalloc float[MR * nr];
        new Span<float>(acc, MR * nr).Clear();
        for (int p = 0; p < kc; p++)
        {
            float* bp = b + p * ldb;
            for (int i = 0; i < MR; i++)
            {
                float av = a[Math.Min(i, mr - 1) * ars + p * acs];
                float* row = acc + i * nr;
                for (int j = 0; j < nr; j++) { row[j] = MathF.FusedMultiplyAdd(av, bp[j], row[j]); }
            }
        }
        for (int i = 0; i < MR; i++)
        {
            for (int j = 0; j < nr; j++)
            {
                c[i * ldc + j] = accumulate ? c[i * ldc + j] + acc[i * nr + j] : acc[i * nr + j];
            }
        }
    }
}
