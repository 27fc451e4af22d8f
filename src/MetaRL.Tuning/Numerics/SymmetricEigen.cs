namespace MetaRL.Tuning;

/// <summary>
/// Eigen-decomposition of a symmetric matrix by the cyclic Jacobi method (rotations that zero one
/// off-diagonal element at a time, with Rutishauser's stable update), in double precision. Quadratic
/// convergence; exact enough for CMA-ES covariance matrices of any condition CMA-ES tolerates (≤ 1e14).
/// </summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Decomposes the n×n row-major symmetric matrix <paramref name="a"/> (not modified) into eigenvalues
    /// (ascending) and eigenvectors (columns of the row-major <paramref name="vectors"/>): A = V diag(λ) Vᵀ.
    /// </summary>
    public static void Decompose(ReadOnlySpan<double> a, int n, Span<double> values, Span<double> vectors, int maxSweeps = 100)
    {
        if (a.Length < n * n || values.Length < n || vectors.Length < n * n) { throw new ArgumentException("Buffers are too small for an n×n matrix."); }
        var m = a[..(n * n)].ToArray();
        vectors[..(n * n)].Clear();
        for (int i = 0; i < n; i++) { vectors[i * n + i] = 1; }
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++)
            {
                diag += m[p * n + p] * m[p * n + p];
                for (int q = p + 1; q < n; q++) { off += m[p * n + q] * m[p * n + q]; }
            }
            if (off <= 1e-30 * diag || off == 0) { break; }
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = m[p * n + q];
                    if (apq == 0) { continue; }
                    double app = m[p * n + p], aqq = m[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) { t = 1; }
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    Rotate(m, vectors, n, p, q, c, s, t);
                }
            }
        }
        // Sort ascending, carrying the columns along.
        var order = Enumerable.Range(0, n).OrderBy(i => m[i * n + i]).ToArray();
        var v = vectors[..(n * n)].ToArray();
        for (int k = 0; k < n; k++)
        {
            values[k] = m[order[k] * n + order[k]];
            for (int r = 0; r < n; r++) { vectors[r * n + k] = v[r * n + order[k]]; }
        }
    }

    private static void Rotate(double[] m, Span<double> v, int n, int p, int q, double c, double s, double t)
    {
        double apq = m[p * n + q];
        double tau = s / (1 + c);
        m[p * n + p] -= t * apq;
        m[q * n + q] += t * apq;
        m[p * n + q] = m[q * n + p] = 0;
        for (int r = 0; r < n; r++)
        {
            if (r == p || r == q) { continue; }
            double arp = m[r * n + p], arq = m[r * n + q];
            double np = arp - s * (arq + tau * arp);
            double nq = arq + s * (arp - tau * arq);
            m[r * n + p] = m[p * n + r] = np;
            m[r * n + q] = m[q * n + r] = nq;
        }
        for (int r = 0; r < n; r++)
        {
            double vrp = v[r * n + p], vrq = v[r * n + q];
            v[r * n + p] = vrp - s * (vrq + tau * vrp);
            v[r * n + q] = vrq + s * (vrp - tau * vrq);
        }
    }
}
