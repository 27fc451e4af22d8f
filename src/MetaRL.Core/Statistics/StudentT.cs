namespace MetaRL.Statistics;

/// <summary>
/// Student's t distribution with real degrees of freedom (Welch–Satterthwaite gives fractional ones): the two-sided tail
/// P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, ½) through the regularised incomplete beta function (its continued fraction by the
/// modified Lentz method, Press et al., "Numerical Recipes", §6.4), and the quantile of a two-sided level by bisection.
/// </summary>
public static class StudentT
{
    /// <summary>P(|T_ν| ≥ |t|).</summary>
    public static double TwoSidedTail(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || double.IsNaN(degreesOfFreedom)) { return double.NaN; }
        if (!(degreesOfFreedom > 0 && double.IsFinite(degreesOfFreedom))) { throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), "degrees of freedom must be positive and finite"); }
        if (double.IsPositiveInfinity(Math.Abs(t))) { return 0; }
        return RegularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
    }

    /// <summary>The t with P(|T_ν| ≥ t) = 1 − <paramref name="level"/> (1.96 for level 0.95 and ν → ∞).</summary>
    public static double TwoSidedQuantile(double level, double degreesOfFreedom)
    {
        if (!(level > 0 && level < 1)) { throw new ArgumentOutOfRangeException(nameof(level), "the level must lie in (0, 1)"); }
        double tail = 1 - level, low = 0, high = 1;
        while (TwoSidedTail(high, degreesOfFreedom) > tail) { high *= 2; }
        for (int i = 0; i < 200 && high - low > 1e-13 * high; i++)
        {
            double mid = 0.5 * (low + high);
            if (TwoSidedTail(mid, degreesOfFreedom) > tail) { low = mid; } else { high = mid; }
        }
        return 0.5 * (low + high);
    }

    /// <summary>I_x(a, b).</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0) { return 0; }
        if (x >= 1) { return 1; }
        double front = Math.Exp(a * Math.Log(x) + b * Math.Log(1 - x) + LogGamma(a + b) - LogGamma(a) - LogGamma(b));
        return x < (a + 1) / (a + b + 2) ? front * ContinuedFraction(x, a, b) / a : 1 - front * ContinuedFraction(1 - x, b, a) / b;
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300, Epsilon = 1e-16;
        double qab = a + b, qap = a + 1, qam = a - 1;
        double c = 1, d = 1 - qab * x / qap;
        d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
        double h = d;
        for (int m = 1; m <= 1000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d; d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1 + aa / c; if (Math.Abs(c) < Tiny) { c = Tiny; }
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d; d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1 + aa / c; if (Math.Abs(c) < Tiny) { c = Tiny; }
            double step = d * c;
            h *= step;
            if (Math.Abs(step - 1) < Epsilon) { break; }
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine coefficients; relative error about 1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) { return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x); }
        ReadOnlySpan<double> g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        x -= 1;
        double sum = g[0], t = x + 7.5;
        for (int i = 1; i < g.Length; i++) { sum += g[i] / (x + i); }
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
