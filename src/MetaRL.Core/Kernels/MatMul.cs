using System.Numerics;
using System.Numerics.Tensors;

namespace MetaRL.Kernels;

/// <summary>
/// General matrix multiply C = op(A)·op(B) (+ C when accumulating), row-major, where op transposes when
/// asked: A is m×k (k×m when <c>transA</c>), B is k×n (n×k when <c>transB</c>), C is m×n.
/// </summary>
public static class MatMul
{
    /// <summary>Single-precision GEMM.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool accumulate = false) =>
        GemmGeneric(transA, transB, m, n, k, a, b, c, accumulate);

    /// <summary>Double-precision GEMM (gradient checks and float64 models).</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, bool accumulate = false) =>
        GemmGeneric(transA, transB, m, n, k, a, b, c, accumulate);

    private static void GemmGeneric<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n)
        {
            throw new ArgumentException($"GEMM operand too small for m={m}, n={n}, k={k}.");
        }
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
                if (av == T.Zero) { continue; }
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), av, row, row);
            }
        }
    }
}
