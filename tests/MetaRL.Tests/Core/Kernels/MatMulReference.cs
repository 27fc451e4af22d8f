namespace MetaRL.Tests.Core.Kernels;

/// <summary>The naive twin of <see cref="MetaRL.Kernels.MatMul"/>: a triple loop accumulating in double.</summary>
internal static class MatMulReference
{
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float[] c, bool accumulate)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? c[i * n + j] : 0.0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[p * m + i] : a[i * k + p];
                    double bv = transB ? b[j * k + p] : b[p * n + j];
                    sum += av * bv;
                }
                c[i * n + j] = (float)sum;
            }
        }
    }

    /// <summary>Σ_p |A(i,p)|·|B(p,j)| (+ |C| when accumulating): the scale a float rounding error is relative to.</summary>
    public static double[] AbsScale(bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float[] c0, bool accumulate)
    {
        var s = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = accumulate ? Math.Abs(c0[i * n + j]) : 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += Math.Abs(transA ? a[p * m + i] : a[i * k + p]) * Math.Abs(transB ? b[j * k + p] : b[p * n + j]);
                }
                s[i * n + j] = sum;
            }
        }
        return s;
    }
}
