namespace MetaRL.Kernels;

/// <summary>
/// General matrix multiply C = op(A)·op(B) (+ C when accumulating), row-major, where op transposes when
/// asked: A is m×k (k×m when <c>transA</c>), B is k×n (n×k when <c>transB</c>), C is m×n.
/// Single precision runs our own packed, cache-blocked, register-blocked SGEMM (AVX-512, AVX2 or portable
/// micro-kernel), on several cores when the product is large enough to pay for it.
/// </summary>
internal static class MatMul
{
    private static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>Most threads one float GEMM may use (like <c>torch.set_num_threads</c>); at least 1.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>.</value>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = Math.Max(1, value);
    }

    /// <summary>The float micro-kernel in use, e.g. <c>avx512 6x32</c> (instruction set, then MR×NR).</summary>
    public static string KernelDescription =>
        $"{(MatMulKernels.UseAvx512 ? "avx512" : MatMulKernels.UseAvx2 ? "avx2" : "portable")} {MatMulKernels.MR}x{MatMulKernels.NR}";

    /// <summary>Single-precision GEMM.</summary>
    public static unsafe void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false)
    {
        Check(m, n, k, a.Length, b.Length, c.Length);
        if (m == 0 || n == 0) { return; }
        if (k == 0)
        {
            if (!accumulate) { c[..(m * n)].Clear(); }
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var g = new SgemmArgs(
                m, n, k,
                pa, transA ? 1 : k, transA ? m : 1,
                pb, transB ? 1 : n, transB ? k : 1,
                pc, n, 1, accumulate);
            MatMulDispatch.Run(g, MaxThreads);
        }
    }

    /// <summary>Double-precision GEMM (gradient checks and float64 models): simple vectorised loops.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, bool accumulate = false)
    {
        Check(m, n, k, a.Length, b.Length, c.Length);
        GemmSimple(transA, transB, m, n, k, a, b, c, accumulate);
    }

    private static void Check(int m, int n, int k, int aLength, int bLength, int cLength)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentException($"GEMM sizes must be non-negative, got m={m}, n={n}, k={k}.");
        }
        if (aLength < (long)m * k || bLength < (long)k * n || cLength < (long)m * n)
        {
            throw new ArgumentException($"GEMM operand too small for m={m}, n={n}, k={k}.");
        }
    }

    private static void GemmSimple<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!accumulate) { c[..(m * n)].Clear(); }
        if (transB)
        {
            // Rows of B are columns of op(B): each C element is a dot product.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    if (!transA)
                    {
                        sum = TensorPrimitives.Dot(a.Slice(i * k, k), b.Slice(j * k, k));
                    }
                    else
                    {
                        for (int p = 0; p < k; p++) { sum += a[p * m + i] * b[j * k + p]; }
                    }
                    c[i * n + j] += sum;
                }
            }
            return;
        }
        for (int i = 0; i < m; i++)
        {
            var row = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                T av = transA ? a[p * m + i] : a[i * k + p];
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), av, row, row);
            }
        }
    }
}
