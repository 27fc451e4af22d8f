namespace MetaRL.Kernels;

/// <summary>
/// Fused causal scaled-dot-product attention for one (sequence, head), in the layout the projections produce:
/// q, k, v, the output and their gradients are <c>steps</c> rows of stride <c>ld</c> (the model width) of which
/// this head owns <c>hd</c> columns, so heads are never split into or joined from copies. Queries go in blocks of
/// <see cref="BlockRows"/>; a block scores only the keys up to its last row, which skips about half the products
/// of a full T×T score matrix, and future keys inside the block get probability exactly 0. The forward keeps only
/// each row's log-sum-exp; the backward recomputes the probabilities from it (as FlashAttention does; Dao et al.,
/// 2022), so the memory kept per head is O(T), not O(T²).
/// </summary>
internal static unsafe class CausalAttention
{
    /// <summary>Query rows per block (a multiple of the SGEMM micro-tile's six rows).</summary>
    public const int BlockRows = 48;

    /// <summary>Scratch elements one forward needs (a score block).</summary>
    public static int ForwardScratch(int steps) => Math.Min(BlockRows, steps) * steps;

    /// <summary>o = softmax(scale·q·kᵀ + causal mask)·v, writing each row's log-sum-exp of the scaled scores into <paramref name="lse"/>.</summary>
    public static void Forward<T>(int steps, int hd, int ld, T scale, T* q, T* k, T* v, T* o, T* lse, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i0 = 0; i0 < steps; i0 += BlockRows)
        {
            int rows = Math.Min(BlockRows, steps - i0), cols = i0 + rows;
            Gemm(rows, cols, hd, q + (nint)i0 * ld, ld, 1, k, 1, ld, scratch, cols, accumulate: false);
            for (int r = 0; r < rows; r++)
            {
                int live = i0 + r + 1;
                var row = new Span<T>(scratch + (nint)r * cols, cols);
                var s = row[..live];
                T max = TensorPrimitives.Max<T>(s);
                ExpAffine(s, scale, -scale * max);
                T sum = TensorPrimitives.Sum<T>(s);
                TensorPrimitives.Multiply(s, T.One / sum, s);
                row[live..].Clear();
                lse[i0 + r] = (scale * max) + T.Log(sum);
            }
            Gemm(rows, hd, cols, scratch, cols, 1, v, ld, 1, o + (nint)i0 * ld, ld, accumulate: false);
        }
    }

    /// <summary>Scratch elements one backward needs (probability and gradient blocks, and one value per row).</summary>
    public static int BackwardScratch(int steps) => (2 * ForwardScratch(steps)) + steps;

    /// <summary>
    /// Gradients of the forward for the upstream gradient <paramref name="dO"/>: writes the head's columns of dq and
    /// adds into those of dk and dv (which must start at zero). With P recomputed from the log-sum-exp and
    /// δᵢ = dOᵢ·oᵢ: dV = Pᵀ·dO, dS = P ⊙ (dO·vᵀ − δ), dQ = scale·dS·k, dK = scale·dSᵀ·q.
    /// </summary>
    public static void Backward<T>(int steps, int hd, int ld, T scale, T* q, T* k, T* v, T* o, T* lse, T* dO, T* dq, T* dk, T* dv, T* scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int block = ForwardScratch(steps);
        T* p = scratch, dp = scratch + block, delta = scratch + (2 * block);
        for (int i = 0; i < steps; i++)
        {
            delta[i] = TensorPrimitives.Dot(new ReadOnlySpan<T>(dO + (nint)i * ld, hd), new ReadOnlySpan<T>(o + (nint)i * ld, hd));
        }
        for (int i0 = 0; i0 < steps; i0 += BlockRows)
        {
            int rows = Math.Min(BlockRows, steps - i0), cols = i0 + rows;
            T* qBlock = q + (nint)i0 * ld, dOBlock = dO + (nint)i0 * ld;
            Gemm(rows, cols, hd, qBlock, ld, 1, k, 1, ld, p, cols, accumulate: false);
            for (int r = 0; r < rows; r++)
            {
                int live = i0 + r + 1;
                var row = new Span<T>(p + (nint)r * cols, cols);
                ExpAffine(row[..live], scale, -lse[i0 + r]);
                row[live..].Clear();
            }
            Gemm(cols, hd, rows, p, 1, cols, dOBlock, ld, 1, dv, ld, accumulate: true);
            Gemm(rows, cols, hd, dOBlock, ld, 1, v, 1, ld, dp, cols, accumulate: false);
            for (int r = 0; r < rows; r++)
            {
                int live = i0 + r + 1;
                var g = new Span<T>(dp + (nint)r * cols, cols);
                TensorPrimitives.AddMultiply(g[..live], -delta[i0 + r], new ReadOnlySpan<T>(p + (nint)r * cols, live), g[..live]);
                g[live..].Clear();
            }
            Gemm(rows, hd, cols, dp, cols, 1, k, ld, 1, dq + (nint)i0 * ld, ld, accumulate: false);
            Gemm(cols, hd, rows, dp, 1, cols, qBlock, ld, 1, dk, ld, accumulate: true);
        }
        // The scale of the scores is applied once to the finished dq and dk rather than to every dS block.
        for (int i = 0; i < steps; i++)
        {
            var dqRow = new Span<T>(dq + (nint)i * ld, hd);
            var dkRow = new Span<T>(dk + (nint)i * ld, hd);
            TensorPrimitives.Multiply(dqRow, scale, dqRow);
            TensorPrimitives.Multiply(dkRow, scale, dkRow);
        }
    }

    /// <summary>s = exp(a·s + b) in one pass.</summary>
    internal static void ExpAffine<T>(Span<T> s, T a, T b)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var f = MemoryMarshal.Cast<T, float>(s);
            float af = float.CreateTruncating(a), bf = float.CreateTruncating(b);
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var va = new Vector<float>(af);
                var vb = new Vector<float>(bf);
                for (; i + Vector<float>.Count <= f.Length; i += Vector<float>.Count)
                {
                    FastExp.Exp(VectorFma.MultiplyAdd(new Vector<float>(f[i..]), va, vb)).CopyTo(f[i..]);
                }
            }
            for (; i < f.Length; i++) { f[i] = MathF.Exp(MathF.FusedMultiplyAdd(f[i], af, bf)); }
            return;
        }
        for (int i = 0; i < s.Length; i++) { s[i] = T.Exp((a * s[i]) + b); }
    }

    /// <summary>C (+)= A·B with A(i,p) = a[i·ars + p·acs], B(p,j) = b[p·brs + j·bcs], C(i,j) = c[i·crs + j]:
    /// the float SGEMM for float32, plain loops for float64 (gradient checks).</summary>
    private static void Gemm<T>(int m, int n, int k, T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint crs, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            var g = new SgemmArgs(m, n, k, (float*)a, ars, acs, (float*)b, brs, bcs, (float*)c, crs, 1, accumulate);
            MatMulDispatch.RunSingle(g, MatMulDispatch.UseDirect(g));
            return;
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++) { sum += a[(i * ars) + (p * acs)] * b[(p * brs) + (j * bcs)]; }
                T* cij = c + (i * crs) + j;
                *cij = accumulate ? *cij + sum : sum;
            }
        }
    }
}
