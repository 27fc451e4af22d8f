namespace MetaRL.Learning;

/// <summary>Conjugate gradient for A·x = b with A symmetric positive definite, given only products A·v.</summary>
public static class ConjugateGradient
{
    public static double[] Solve(Func<double[], double[]> product, double[] b, int iterations, double residualTolerance = 1e-10)
    {
        var x = new double[b.Length];
        var r = (double[])b.Clone();
        var p = (double[])b.Clone();
        double rr = Dot(r, r);
        for (int i = 0; i < iterations && rr > residualTolerance; i++)
        {
            var ap = product(p);
            double alpha = rr / Dot(p, ap);
            for (int j = 0; j < x.Length; j++)
            {
                x[j] += alpha * p[j];
                r[j] -= alpha * ap[j];
            }
            double next = Dot(r, r);
            double beta = next / rr;
            for (int j = 0; j < p.Length; j++) { p[j] = r[j] + beta * p[j]; }
            rr = next;
        }
        return x;
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
        return s;
    }
}
