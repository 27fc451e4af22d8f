using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
                for (int j = 0; j < cols; j++)
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
}
