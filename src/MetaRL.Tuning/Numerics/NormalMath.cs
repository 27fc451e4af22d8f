namespace MetaRL.Tuning;

/// <summary>Standard-normal density, distribution and the logarithm of expected improvement, computed stably.</summary>
public static class NormalMath
{
    private const double InvSqrt2Pi = 0.39894228040143267794;
    private const double LogSqrt2Pi = 0.91893853320467274178;

    /// <summary>erfcx(x) = exp(x²) erfc(x) for x ≥ 0 (Numerical Recipes' Chebyshev-fitted form of erfc, relative error &lt; 1.2e-7).</summary>
    public static double Erfcx(double x)
    {
        if (x < 0) { return 2 * Math.Exp(x * x) - Erfcx(-x); }
        double t = 1 / (1 + 0.5 * x);
        return t * Math.Exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
    }

    /// <summary>erfc(x).</summary>
    public static double Erfc(double x) => x >= 0 ? Math.Exp(-x * x) * Erfcx(x) : 2 - Math.Exp(-x * x) * Erfcx(-x);

    /// <summary>Φ(z), the standard-normal CDF.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>φ(z), the standard-normal density.</summary>
    public static double Pdf(double z) => InvSqrt2Pi * Math.Exp(-0.5 * z * z);

    /// <summary>log φ(z).</summary>
    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    /// <summary>
    /// log h(z) with h(z) = φ(z) + zΦ(z), so that log EI = log σ + log h((best − μ)/σ) for minimisation
    /// ("LogEI", Ament et al. 2023): exact for z ≥ −1, through the Mills ratio for moderate negative z, and
    /// by its asymptotic series far in the tail, so it never underflows to −∞.
    /// </summary>
    public static double LogH(double z)
    {
        if (z >= -1) { return Math.Log(Pdf(z) + z * Cdf(z)); }
        double u = -z;
        if (u < 12)
        {
            // h(z) = φ(z) (1 − u·Φ(−u)/φ(u)) and Φ(−u)/φ(u) = √(π/2) erfcx(u/√2).
            double r = 1 - u * Math.Sqrt(Math.PI / 2) * Erfcx(u / Math.Sqrt(2));
            return LogPdf(z) + Math.Log(r);
        }
        double u2 = 1 / (u * u);
        double series = u2 * (1 - 3 * u2 * (1 - 5 * u2 * (1 - 7 * u2)));
        return LogPdf(z) + Math.Log(series);
    }
}
