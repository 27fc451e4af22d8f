namespace MetaRL.Kernels;

/// <summary>
/// Matrix–vector products for acting one step at a time (a KV-cached transformer), where a GEMM's packing would
/// cost more than the product: y = W·x (+ b) over the rows of a row-major W, and y = Σⱼ pⱼ·Wⱼ (a weighted sum of
/// rows, the attention's scores over transposed keys and its mix of values). With AVX2 and FMA, eight independent
/// accumulator chains are in flight at once (an FMA's latency is four cycles and two issue per cycle, so fewer chains
/// leave the units idle): eight rows per pass for W·x, their sums reduced together by horizontal adds; four columns
/// vectors times two rows per pass for the weighted sums.
/// </summary>
internal static class Gemv
{
    private static readonly bool Avx2Fma = Avx2.IsSupported && Fma.IsSupported;

    /// <summary>y[o] = b[o] + Σᵢ W[o, i]·x[i] for W of shape [y.Length, x.Length] (b empty: no bias).</summary>
    public static void Rows(ReadOnlySpan<float> w, ReadOnlySpan<float> x, ReadOnlySpan<float> b, Span<float> y)
    {
        int n = x.Length, rows = y.Length;
        if (w.Length < (long)rows * n || (!b.IsEmpty && b.Length < rows)) { throw new ArgumentException("Gemv operand too small."); }
        if (Avx2Fma)
        {
            RowsAvx2(w, x, b, y);
            return;
        }
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
        if (Avx2Fma)
        {
            WeightedRowsAvx2(w, stride, p, y);
            return;
        }
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

    /// <summary><see cref="Rows"/> with AVX2: eight rows per pass, one accumulator each, reduced into one vector.</summary>
    private static void RowsAvx2(ReadOnlySpan<float> w, ReadOnlySpan<float> x, ReadOnlySpan<float> b, Span<float> y)
    {
        int n = x.Length, rows = y.Length, nv = n & ~7;
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        int o = 0;
        for (; o + 8 <= rows; o += 8)
        {
            ref float r0 = ref Unsafe.Add(ref w0, (nint)o * n);
            nint s = n;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            for (int i = 0; i < nv; i += 8)
            {
                var xv = Load256(ref x0, i);
                ref float c = ref Unsafe.Add(ref r0, i);
                a0 = Fma.MultiplyAdd(Load256(ref c, 0), xv, a0);
                a1 = Fma.MultiplyAdd(Load256(ref c, s), xv, a1);
                a2 = Fma.MultiplyAdd(Load256(ref c, 2 * s), xv, a2);
                a3 = Fma.MultiplyAdd(Load256(ref c, 3 * s), xv, a3);
                a4 = Fma.MultiplyAdd(Load256(ref c, 4 * s), xv, a4);
                a5 = Fma.MultiplyAdd(Load256(ref c, 5 * s), xv, a5);
                a6 = Fma.MultiplyAdd(Load256(ref c, 6 * s), xv, a6);
                a7 = Fma.MultiplyAdd(Load256(ref c, 7 * s), xv, a7);
            }
            // hadd pairs the lanes of two accumulators; two rounds leave each row's two 128-bit half-sums side by side.
            var h0123 = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
            var h4567 = Avx.HorizontalAdd(Avx.HorizontalAdd(a4, a5), Avx.HorizontalAdd(a6, a7));
            var sums = Avx.Add(Avx.Permute2x128(h0123, h4567, 0x20), Avx.Permute2x128(h0123, h4567, 0x31));
            if (!b.IsEmpty) { sums = Avx.Add(sums, Vector256.Create(b.Slice(o, 8))); }
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref y0, o)), sums);
            for (int i = nv; i < n; i++)
            {
                float xi = Unsafe.Add(ref x0, i);
                for (int k = 0; k < 8; k++) { Unsafe.Add(ref y0, o + k) += Unsafe.Add(ref r0, (k * s) + i) * xi; }
            }
        }
        for (; o < rows; o++)
        {
            float dot = TensorPrimitives.Dot(w.Slice(o * n, n), x);
            y[o] = b.IsEmpty ? dot : dot + b[o];
        }
    }

    /// <summary><see cref="WeightedRows(ReadOnlySpan{float}, int, ReadOnlySpan{float}, Span{float})"/> with AVX2: 32
    /// columns by two rows per pass (eight chains), then 8 columns by four rows, then single columns.</summary>
    private static void WeightedRowsAvx2(ReadOnlySpan<float> w, int stride, ReadOnlySpan<float> p, Span<float> y)
    {
        int n = y.Length, rows = p.Length;
        ref float w0 = ref MemoryMarshal.GetReference(w);
        ref float p0 = ref MemoryMarshal.GetReference(p);
        ref float y0 = ref MemoryMarshal.GetReference(y);
        nint s = stride;
        int c = 0;
        for (; c + 32 <= n; c += 32)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
            int j = 0;
            for (; j + 2 <= rows; j += 2)
            {
                ref float r = ref Unsafe.Add(ref w0, (j * s) + c);
                var pa = Vector256.Create(Unsafe.Add(ref p0, j));
                var pb = Vector256.Create(Unsafe.Add(ref p0, j + 1));
                a0 = Fma.MultiplyAdd(Load256(ref r, 0), pa, a0);
                a1 = Fma.MultiplyAdd(Load256(ref r, 8), pa, a1);
                a2 = Fma.MultiplyAdd(Load256(ref r, 16), pa, a2);
                a3 = Fma.MultiplyAdd(Load256(ref r, 24), pa, a3);
                b0 = Fma.MultiplyAdd(Load256(ref r, s), pb, b0);
                b1 = Fma.MultiplyAdd(Load256(ref r, s + 8), pb, b1);
                b2 = Fma.MultiplyAdd(Load256(ref r, s + 16), pb, b2);
                b3 = Fma.MultiplyAdd(Load256(ref r, s + 24), pb, b3);
            }
            if (j < rows)
            {
                ref float r = ref Unsafe.Add(ref w0, (j * s) + c);
                var pa = Vector256.Create(Unsafe.Add(ref p0, j));
                a0 = Fma.MultiplyAdd(Load256(ref r, 0), pa, a0);
                a1 = Fma.MultiplyAdd(Load256(ref r, 8), pa, a1);
                a2 = Fma.MultiplyAdd(Load256(ref r, 16), pa, a2);
                a3 = Fma.MultiplyAdd(Load256(ref r, 24), pa, a3);
            }
            ref byte dst = ref Unsafe.As<float, byte>(ref Unsafe.Add(ref y0, c));
            Unsafe.WriteUnaligned(ref dst, Avx.Add(a0, b0));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, 32), Avx.Add(a1, b1));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, 64), Avx.Add(a2, b2));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, 96), Avx.Add(a3, b3));
        }
        for (; c + 8 <= n; c += 8)
        {
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            int j = 0;
            for (; j + 4 <= rows; j += 4)
            {
                ref float r = ref Unsafe.Add(ref w0, (j * s) + c);
                a0 = Fma.MultiplyAdd(Load256(ref r, 0), Vector256.Create(Unsafe.Add(ref p0, j)), a0);
                a1 = Fma.MultiplyAdd(Load256(ref r, s), Vector256.Create(Unsafe.Add(ref p0, j + 1)), a1);
                a2 = Fma.MultiplyAdd(Load256(ref r, 2 * s), Vector256.Create(Unsafe.Add(ref p0, j + 2)), a2);
                a3 = Fma.MultiplyAdd(Load256(ref r, 3 * s), Vector256.Create(Unsafe.Add(ref p0, j + 3)), a3);
            }
            for (; j < rows; j++) { a0 = Fma.MultiplyAdd(Load256(ref Unsafe.Add(ref w0, (j * s) + c), 0), Vector256.Create(Unsafe.Add(ref p0, j)), a0); }
            Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref y0, c)), Avx.Add(Avx.Add(a0, a1), Avx.Add(a2, a3)));
        }
        for (; c < n; c++)
        {
            float sum = 0;
            for (int j = 0; j < rows; j++) { sum += Unsafe.Add(ref p0, j) * Unsafe.Add(ref w0, (j * s) + c); }
            Unsafe.Add(ref y0, c) = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Load256(ref float start, nint offset) =>
        Unsafe.ReadUnaligned<Vector256<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref start, offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ref float start, int offset) =>
        Unsafe.ReadUnaligned<Vector<float>>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref start, offset)));
}
