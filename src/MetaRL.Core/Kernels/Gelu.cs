namespace MetaRL.Kernels;

/// <summary>
/// The exact GELU (Hendrycks and Gimpel, 2016; torch.nn.GELU's default, approximate='none'):
/// gelu(x) = x·Φ(x) = ½x·(1 + erf(x/√2)), and its derivative Φ(x) + x·φ(x). Float32 evaluates erf with
/// Abramowitz and Stegun's 7.1.26 (absolute error below 1.5e-7, the approximation PyTorch's vectorised CPU
/// kernel uses), vectorised; float64 uses a series accurate to the last bits, so gradient checks see the true function.
/// </summary>
internal static class Gelu
{
    private const float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    private const float InvSqrt2 = 0.70710678118654752f;
    private const double InvSqrt2Pi = 0.39894228040143268, InvSqrt2Double = 0.70710678118654752;

    /// <summary>y = gelu(x).</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                var (cdf, _) = CdfAndExp(v);
                (v * cdf).CopyTo(y[i..]);
            }
        }
        for (; i < x.Length; i++) { y[i] = x[i] * Cdf(x[i]); }
    }

    /// <summary>dx = dy·(Φ(x) + x·φ(x)).</summary>
    public static void Backward(ReadOnlySpan<float> dy, ReadOnlySpan<float> x, Span<float> dx)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var c = new Vector<float>((float)InvSqrt2Pi);
            for (; i + Vector<float>.Count <= x.Length; i += Vector<float>.Count)
            {
                var v = new Vector<float>(x[i..]);
                var (cdf, e) = CdfAndExp(v);
                (new Vector<float>(dy[i..]) * (cdf + (v * e * c))).CopyTo(dx[i..]);
            }
        }
        for (; i < x.Length; i++)
        {
            float e = MathF.Exp(-0.5f * x[i] * x[i]);
            dx[i] = dy[i] * (Cdf(x[i]) + (x[i] * e * (float)InvSqrt2Pi));
        }
    }

    /// <summary>Φ(x) and exp(−x²/2) (the density's numerator, which the erf approximation computes anyway).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static (Vector<float> Cdf, Vector<float> Exp) CdfAndExp(Vector<float> x)
    {
        var z = Vector.Abs(x) * new Vector<float>(InvSqrt2);
        var t = Vector<float>.One / (Vector<float>.One + (new Vector<float>(P) * z));
        var poly = VectorFma.MultiplyAdd(t, new Vector<float>(A5), new Vector<float>(A4));
        poly = VectorFma.MultiplyAdd(t, poly, new Vector<float>(A3));
        poly = VectorFma.MultiplyAdd(t, poly, new Vector<float>(A2));
        poly = VectorFma.MultiplyAdd(t, poly, new Vector<float>(A1));
        var e = FastExp.Exp(-(z * z));
        var erfAbs = Vector<float>.One - (t * poly * e);
        var erf = Vector.ConditionalSelect(Vector.LessThan(x, Vector<float>.Zero), -erfAbs, erfAbs);
        return (new Vector<float>(0.5f) * (Vector<float>.One + erf), e);
    }

    private static float Cdf(float x)
    {
        float z = MathF.Abs(x) * InvSqrt2;
        float t = 1f / (1f + (P * z));
        float poly = t * (A1 + (t * (A2 + (t * (A3 + (t * (A4 + (t * A5))))))));
        float erfAbs = 1f - (poly * MathF.Exp(-z * z));
        return 0.5f * (1f + (x < 0 ? -erfAbs : erfAbs));
    }

    /// <summary>y = gelu(x) in float64.</summary>
    public static void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++) { y[i] = x[i] * 0.5 * (1 + Erf(x[i] * InvSqrt2Double)); }
    }

    /// <summary>dx = dy·(Φ(x) + x·φ(x)) in float64.</summary>
    public static void Backward(ReadOnlySpan<double> dy, ReadOnlySpan<double> x, Span<double> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double cdf = 0.5 * (1 + Erf(x[i] * InvSqrt2Double));
            dx[i] = dy[i] * (cdf + (x[i] * InvSqrt2Pi * Math.Exp(-0.5 * x[i] * x[i])));
        }
    }

    /// <summary>
    /// erf(x) in float64 from Abramowitz and Stegun's 7.1.6, erf(x) = (2/√π)·e^(−x²)·Σₙ 2ⁿx^(2n+1)/(1·3···(2n+1)),
    /// whose terms are all positive (no cancellation); beyond |x| = 6, erf is ±1 to double precision.
    /// </summary>
    public static double Erf(double x)
    {
        double a = Math.Abs(x);
        if (double.IsNaN(x)) { return x; }
        if (a >= 6) { return Math.Sign(x); }
        double term = a, sum = a, x2 = a * a;
        for (int n = 1; n < 200; n++)
        {
            term *= 2 * x2 / ((2 * n) + 1);
            sum += term;
            if (term < sum * 1e-17) { break; }
        }
        double result = Math.Min(1.0, 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum);
        return x < 0 ? -result : result;
    }
}
