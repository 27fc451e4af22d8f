namespace MetaRL.Tuning;

/// <summary>
/// Limited-memory BFGS (Nocedal 1980) with a backtracking Armijo line search, optionally kept inside a
/// box by projecting every trial point (a simple projected variant, adequate for the smooth, low-dimensional
/// problems here: GP hyperparameters and acquisition refinement).
/// </summary>
public static class Lbfgs
{
    /// <summary>f(x, grad) → value; fills grad.</summary>
    public delegate double Objective(ReadOnlySpan<double> x, Span<double> grad);

    /// <summary>Minimises from <paramref name="x"/> (overwritten with the best point found); returns the best value.</summary>
    public static double Minimize(Objective f, Span<double> x, int maxIterations = 100, int memory = 8,
        double[]? lower = null, double[]? upper = null, double gradTolerance = 1e-6)
    {
        int n = x.Length;
        var g = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var dir = new double[n];
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var alpha = new double[memory];
        Project(x, lower, upper);
        double fx = f(x, g);
        if (!double.IsFinite(fx)) { return fx; }
        for (int iter = 0; iter < maxIterations; iter++)
        {
            if (MaxAbs(g) < gradTolerance) { break; }
            // Two-loop recursion: dir = −H g.
            for (int i = 0; i < n; i++) { dir[i] = -g[i]; }
            for (int k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], dir);
                Axpy(-alpha[k], y[k], dir);
            }
            if (s.Count > 0)
            {
                double gamma = Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]);
                for (int i = 0; i < n; i++) { dir[i] *= gamma; }
            }
            for (int k = 0; k < s.Count; k++)
            {
                double beta = rho[k] * Dot(y[k], dir);
                Axpy(alpha[k] - beta, s[k], dir);
            }
            double slope = Dot(dir, g);
            if (slope >= 0)
            {
                // Not a descent direction: restart from steepest descent.
                s.Clear(); y.Clear(); rho.Clear();
                for (int i = 0; i < n; i++) { dir[i] = -g[i]; }
                slope = Dot(dir, g);
            }
            double step = s.Count == 0 ? Math.Min(1, 1 / Math.Max(1e-12, Math.Sqrt(Dot(g, g)))) : 1;
            double fNew = double.NaN;
            bool accepted = false;
            for (int ls = 0; ls < 30; ls++)
            {
                for (int i = 0; i < n; i++) { xNew[i] = x[i] + step * dir[i]; }
                Project(xNew, lower, upper);
                fNew = f(xNew, gNew);
                double decrease = 0;
                for (int i = 0; i < n; i++) { decrease += g[i] * (xNew[i] - x[i]); }
                if (double.IsFinite(fNew) && fNew <= fx + 1e-4 * decrease) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) { break; }
            var sk = new double[n];
            var yk = new double[n];
            for (int i = 0; i < n; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
            double sy = Dot(sk, yk);
            double improvement = fx - fNew;
            xNew.CopyTo(x);
            gNew.CopyTo(g, 0);
            fx = fNew;
            if (sy > 1e-12 * Math.Sqrt(Dot(sk, sk) * Dot(yk, yk)))
            {
                if (s.Count == memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                s.Add(sk); y.Add(yk); rho.Add(1 / sy);
            }
            if (improvement <= 1e-12 * Math.Max(1, Math.Abs(fx))) { break; }
        }
        return fx;
    }

    private static void Project(Span<double> x, double[]? lower, double[]? upper)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (lower is not null) { x[i] = Math.Max(x[i], lower[i]); }
            if (upper is not null) { x[i] = Math.Min(x[i], upper[i]); }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
        return s;
    }

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < y.Length; i++) { y[i] += a * x[i]; }
    }

    private static double MaxAbs(ReadOnlySpan<double> v)
    {
        double m = 0;
        foreach (var e in v) { m = Math.Max(m, Math.Abs(e)); }
        return m;
    }
}
