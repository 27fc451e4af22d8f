namespace MetaRL.Nn;

/// <summary>
/// Reduced QR decomposition of a tall matrix by Householder reflections, in double precision.
/// The result is normalised so that R has a non-negative diagonal (the sign correction of
/// torch.nn.init.orthogonal_), which makes Q unique and, for a Gaussian input, Haar-distributed.
/// </summary>
internal static class Householder
{
    /// <summary>Factors the row-major m×n matrix <paramref name="a"/> (m ≥ n) as Q·R with Q m×n
    /// (orthonormal columns) and R n×n upper triangular with R[j,j] ≥ 0. <paramref name="a"/> is not modified.</summary>
    public static (double[] Q, double[] R) Decompose(ReadOnlySpan<double> a, int m, int n)
    {
        if (m < n) { throw new ArgumentException($"Householder QR needs rows ≥ columns, got {m}×{n}."); }
        if (a.Length != m * n) { throw new ArgumentException($"Expected {m * n} values for a {m}×{n} matrix, got {a.Length}."); }
        var w = a.ToArray();
        var vs = new double[n][];
        for (int k = 0; k < n; k++)
        {
            double norm = 0;
            for (int i = k; i < m; i++) { norm += w[i * n + k] * w[i * n + k]; }
            norm = Math.Sqrt(norm);
            var v = new double[m - k];
            vs[k] = v;
            if (norm == 0) { continue; }
            // Reflect x onto −sign(x₀)·‖x‖·e₁ (the choice that avoids cancellation).
            double alpha = w[k * n + k] >= 0 ? -norm : norm;
            for (int i = k; i < m; i++) { v[i - k] = w[i * n + k]; }
            v[0] -= alpha;
            double vnorm = 0;
            for (int i = 0; i < v.Length; i++) { vnorm += v[i] * v[i]; }
            vnorm = Math.Sqrt(vnorm);
            for (int i = 0; i < v.Length; i++) { v[i] /= vnorm; }
            Reflect(w, n, k, v, k, n);
        }
        var q = new double[m * n];
        for (int j = 0; j < n; j++) { q[j * n + j] = 1; }
        for (int k = n - 1; k >= 0; k--) { Reflect(q, n, k, vs[k], k, n); } // columns < k are still e_j there
        var r = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++) { r[i * n + j] = w[i * n + j]; }
        }
        for (int j = 0; j < n; j++)
        {
            if (r[j * n + j] >= 0) { continue; }
            for (int i = 0; i < m; i++) { q[i * n + j] = -q[i * n + j]; }
            for (int c = j; c < n; c++) { r[j * n + c] = -r[j * n + c]; }
        }
        return (q, r);
    }

    /// <summary>Applies I − 2vvᵀ to rows [row0, row0+|v|) and columns [col0, col1) of a row-major matrix with <paramref name="cols"/> columns.</summary>
    private static void Reflect(double[] m, int cols, int row0, double[] v, int col0, int col1)
    {
        // Row-major friendly: accumulate vᵀM over rows, then subtract 2v(vᵀM) row by row.
        var dots = new double[col1 - col0];
        for (int i = 0; i < v.Length; i++)
        {
            double vi = v[i];
            if (vi == 0) { continue; }
            var row = m.AsSpan((row0 + i) * cols + col0, col1 - col0);
            for (int c = 0; c < row.Length; c++) { dots[c] += vi * row[c]; }
        }
        for (int i = 0; i < v.Length; i++)
        {
            double vi = 2 * v[i];
            if (vi == 0) { continue; }
            var row = m.AsSpan((row0 + i) * cols + col0, col1 - col0);
            for (int c = 0; c < row.Length; c++) { row[c] -= vi * dots[c]; }
        }
    }
}
