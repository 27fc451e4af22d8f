namespace MetaRL.Kernels;

/// <summary>
/// Packing for the blocked SGEMM: copies a block of op(A) into MR-row micro-panels (<c>p·MR + i</c>) and a
/// block of op(B) into NR-column micro-panels (<c>p·NR + j</c>), so the micro-kernel reads both with unit
/// stride. The transposes are absorbed here through the element strides of each operand.
/// </summary>
internal static unsafe class MatMulPack
{
    /// <summary>Packs rows [0, mc) × cols [0, kc) of A (element (i,p) at <c>a[i·ars + p·acs]</c>).
    /// Micro-panel r starts at <c>dst + r·MR·kc</c>; a short last panel holds only its valid rows.</summary>
    public static void PackA(int mc, int kc, float* a, nint ars, nint acs, float* dst)
    {
        const int mr = MatMulKernels.MR;
        for (int ir = 0; ir < mc; ir += mr)
        {
            int rows = Math.Min(mr, mc - ir);
            float* panel = dst + (nint)ir * kc;
            float* src = a + ir * ars;
            if (ars == 1)
            {
                // op(A) columns are contiguous: copy `rows` floats per k step.
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * acs;
                    float* d = panel + p * mr;
                    for (int i = 0; i < rows; i++) { d[i] = s[i]; }
                }
            }
            else
            {
                for (int i = 0; i < rows; i++)
                {
                    float* s = src + i * ars;
                    float* d = panel + i;
                    for (int p = 0; p < kc; p++) { d[p * mr] = s[p * acs]; }
                }
            }
        }
    }

    /// <summary>Packs rows [0, kc) × cols [0, nc) of B (element (p,j) at <c>b[p·brs + j·bcs]</c>) into NR-wide
    /// micro-panels at <c>dst + jr·kc</c>, zero-padding the last one.</summary>
    public static void PackB(int kc, int nc, float* b, nint brs, nint bcs, float* dst)
    {
        int nr = MatMulKernels.NR;
        for (int jr = 0; jr < nc; jr += nr)
        {
            int cols = Math.Min(nr, nc - jr);
            float* panel = dst + (nint)jr * kc;
            float* src = b + jr * bcs;
            if (bcs == 1 && cols == nr)
            {
                for (int p = 0; p < kc; p++) { CopyRow(src + p * brs, panel + p * nr, nr); }
            }
            else if (bcs == 1)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* s = src + p * brs;
                    float* d = panel + p * nr;
                    int j = 0;
                    for (; j < cols; j++) { d[j] = s[j]; }
                    for (; j < nr; j++) { d[j] = 0; }
                }
            }
            else
            {
                // op(B) rows are strided (B transposed): read each stored row contiguously, write strided.
                if (cols < nr)
                {
                    for (int p = 0; p < kc; p++) { new Span<float>(panel + p * nr + cols, nr - cols).Clear(); }
                }
                int j = 0;
                if (brs == 1 && Avx.IsSupported)
                {
                    // 8×8 register transposes: about 20× faster than element-wise strided stores.
                    int kc8 = kc & ~7;
                    for (; j + 8 <= cols; j += 8)
                    {
                        float* s = src + j * bcs;
                        for (int p = 0; p < kc8; p += 8) { Transpose8x8(s + p, bcs, panel + p * nr + j, nr); }
                        for (int jj = 0; jj < 8; jj++)
                        {
                            for (int p = kc8; p < kc; p++) { panel[p * nr + j + jj] = s[jj * bcs + p]; }
                        }
                    }
                }
                for (; j < cols; j++)
                {
                    float* s = src + j * bcs;
                    float* d = panel + j;
                    for (int p = 0; p < kc; p++) { d[p * nr] = s[p * brs]; }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRow(float* s, float* d, int nr)
    {
        if (nr == 32 && Vector512.IsHardwareAccelerated)
        {
            Vector512.Load(s).Store(d);
            Vector512.Load(s + 16).Store(d + 16);
        }
        else if (nr == 16 && Vector256.IsHardwareAccelerated)
        {
            Vector256.Load(s).Store(d);
            Vector256.Load(s + 8).Store(d + 8);
        }
        else
        {
            new ReadOnlySpan<float>(s, nr).CopyTo(new Span<float>(d, nr));
        }
    }

    /// <summary>Transposes an 8×8 block: row r of the source (8 floats at <c>s + r·ss</c>) becomes column r of the destination.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(float* s, nint ss, float* d, nint ds)
    {
        var r0 = Avx.LoadVector256(s);
        var r1 = Avx.LoadVector256(s + ss);
        var r2 = Avx.LoadVector256(s + 2 * ss);
        var r3 = Avx.LoadVector256(s + 3 * ss);
        var r4 = Avx.LoadVector256(s + 4 * ss);
        var r5 = Avx.LoadVector256(s + 5 * ss);
        var r6 = Avx.LoadVector256(s + 6 * ss);
        var r7 = Avx.LoadVector256(s + 7 * ss);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ds, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + 2 * ds, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + 3 * ds, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + 4 * ds, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + 5 * ds, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + 6 * ds, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + 7 * ds, Avx.Permute2x128(u3, u7, 0x31));
    }
}
