using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MetaRL.Kernels;

/// <summary>
/// Matrix–vector products for acting one step at a time (a KV-cached transformer), where a GEMM's packing would
/// cost more than the product: y = W·x (+ b) over the rows of a row-major W, four rows per pass so each load of x
/// feeds four fused multiply-adds, and y = Σⱼ pⱼ·Wⱼ (a weighted sum of rows, the attention's mix of values).
/// </summary>
internal static class Gemv
{
    /// <summary>y[o] = b[o] + Σᵢ W[o, i]·x[i] for W of shape [y.Length, x.Length] (b empty: no bias).</summary>
    public static void Rows(ReadOnlySpan<float> w, ReadOnlySpan<float> x, ReadOnlySpan<float> b, Span<float> y)
    {
        int n = x.Length, rows = y.Length;
        if (w.Length < (long)rows * n || (!b.IsEmpty && b.Length < rows)) { throw new ArgumentException("Gemv operand too small."); }
        int vw = Vector<float>.Count, nv = Vector.IsHardwareAccelerated ? n - (n % vw) : 0;
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        int o = 0;
        for (; o + 4 <= rows; o += 4)
        {
            ref float r0 = ref Unsafe.Add(ref w0, o * n);
            ref float r1 = ref Unsafe.Add(ref r0, n);
            ref float r2 = ref Unsafe.Add(ref r1, n);
            ref float r3 = ref Unsafe.Add(ref r2, n);
            Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int i = 0; i < nv; i += vw)
            {
                var xv = Load(ref x0, i);
                a0 = VectorFma.MultiplyAdd(Load(ref r0, i), xv, a0);
                a1 = VectorFma.MultiplyAdd(Load(ref r1, i), xv, a1);
                a2 = VectorFma.MultiplyAdd(Load(ref r2, i), xv, a2);
                a3 = VectorFma.MultiplyAdd(Load(ref r3, i), xv, a3);
            }
            float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
            for (int i = nv; i < n; i++)
            {
                float xi = Unsafe.Add(ref x0, i);
                s0 += Unsafe.Add(ref r0, i) * xi;
                s1 += Unsafe.Add(ref r1, i) * xi;
                s2 += Unsafe.Add(ref r2, i) * xi;
                s3 += Unsafe.Add(ref r3, i) * xi;
            }
            if (!b.IsEmpty) { s0 += b[o]; s1 += b[o + 1]; s2 += b[o + 2]; s3 += b[o + 3]; }
            y[o] = s0;
            y[o + 1] = s1;
            y[o + 2] = s2;
            y[o + 3] = s3;
        }
        for (; o < rows; o++)
        {
            float s = System.Numerics.Tensors.TensorPrimitives.Dot(w.Slice(o * n, n), x);
            y[o] = b.IsEmpty ? s : s + b[o];
        }
    }

    /// <summary>y = Σⱼ p[j]·W[j, :] over the first p.Length rows of W [*, y.Length] (y is overwritten).</summary>
    public static void WeightedRows(ReadOnlySpan<float> w, ReadOnlySpan<float> p, Span<float> y) => WeightedRows(w, y.Length, p, y);

    /// <summary>y = Σⱼ p[j]·W[j, 0..y.Length) where row j starts at <c>j·stride</c> (y is overwritten).</summary>
    public static void WeightedRows(ReadOnlySpan<float> w, int stride, ReadOnlySpan<float> p, Span<float> y)
    {
        int n = y.Length, rows = p.Length;
        if (stride < n || (rows > 0 && w.Length < ((long)(rows - 1) * stride) + n)) { throw new ArgumentException("Gemv operand too small."); }
        y.Clear();
        int vw = Vector<float>.Count;
        int c = 0;
        ref float w0 = ref MemoryMarshal.GetReference(w);
        if (Vector.IsHardwareAccelerated)
        {
            // Two column vectors at a time, accumulated down all rows in registers.
            for (; c + (2 * vw) <= n; c += 2 * vw)
            {
                Vector<float> a0 = default, a1 = default;
                for (int j = 0; j < rows; j++)
                {
                    var pj = new Vector<float>(p[j]);
                    ref float row = ref Unsafe.Add(ref w0, (j * stride) + c);
                    a0 = VectorFma.MultiplyAdd(Load(ref row, 0), pj, a0);
                    a1 = VectorFma.MultiplyAdd(Load(ref row, vw), pj, a1);
                }
                a0.CopyTo(y[c..]);
                a1.CopyTo(y[(c + vw)..]);
            }
        }
        for (; c < n; c++)
        {
            float s = 0;
            for (int j = 0; j < rows; j++) { s += p[j] * Unsafe.Add(ref w0, (j * stride) + c); }
            y[c] = s;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float start, int offset) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref start, offset)));
}
