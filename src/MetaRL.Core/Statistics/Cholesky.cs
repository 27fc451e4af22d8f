namespace MetaRL.Statistics;

/// <summary>A small dense symmetric positive definite solve by Cholesky factorisation (the normal equations of the linear
/// feature baseline, the Newton steps of the diagnosis logistic regression).</summary>
public static class Cholesky
{
    /// <summary>Solves (A + reg·I) w = b for symmetric A (lower triangle given); null when not positive definite.</summary>
    public static double[]? Solve(double[] a, double[] b, int f, double reg = 0)
    {
        var l = new double[f * f];
        for (int i = 0; i < f; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * f + j] + (i == j ? reg : 0);
                for (int k = 0; k < j; k++) { s -= l[i * f + k] * l[j * f + k]; }
                if (i == j)
                {
                    if (!(s > 0) || !double.IsFinite(s)) { return null; }
                    l[i * f + i] = Math.Sqrt(s);
                }
                else { l[i * f + j] = s / l[j * f + j]; }
            }
        }
        var y = new double[f];
        for (int i = 0; i < f; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) { s -= l[i * f + k] * y[k]; }
            y[i] = s / l[i * f + i];
        }
        var w = new double[f];
        for (int i = f - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < f; k++) { s -= l[k * f + i] * w[k]; }
            w[i] = s / l[i * f + i];
        }
        return w;
    }
}
