namespace MetaRL.Tuning;

/// <summary>Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix, and the solves that use it.</summary>
public static class Cholesky
{
    /// <summary>
    /// Factors the n×n row-major <paramref name="a"/> into the lower-triangular <paramref name="l"/>
    /// (upper part zeroed). Returns false when A is not numerically positive definite.
    /// </summary>
    public static bool TryFactor(ReadOnlySpan<double> a, int n, Span<double> l)
    {
        l[..(n * n)].Clear();
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) { d -= l[j * n + k] * l[j * n + k]; }
            if (!(d > 0)) { return false; }
            double ljj = Math.Sqrt(d);
            l[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) { s -= l[i * n + k] * l[j * n + k]; }
                l[i * n + j] = s / ljj;
            }
        }
        return true;
    }

    /// <summary>Solves L y = b in place (forward substitution).</summary>
    public static void SolveLower(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) { s -= l[i * n + k] * b[k]; }
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves Lᵀ x = y in place (back substitution).</summary>
    public static void SolveUpper(ReadOnlySpan<double> l, int n, Span<double> y)
    {
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) { s -= l[k * n + i] * y[k]; }
            y[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves A x = b in place given A's factor L.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        SolveLower(l, n, b);
        SolveUpper(l, n, b);
    }

    /// <summary>A⁻¹ from A's factor L (row-major, n×n).</summary>
    public static double[] Inverse(ReadOnlySpan<double> l, int n)
    {
        var inv = new double[n * n];
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(col);
            col[j] = 1;
            Solve(l, n, col);
            for (int i = 0; i < n; i++) { inv[i * n + j] = col[i]; }
        }
        return inv;
    }
}
