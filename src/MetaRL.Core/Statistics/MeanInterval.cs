namespace MetaRL.Statistics;

/// <summary>
/// A sample mean with its normal-approximation 95% confidence interval, mean ± 1.96·s/√n (s the sample standard
/// deviation). The one place the library computes it: evaluation returns, meta-evaluation rows and baseline tables.
/// </summary>
public readonly record struct MeanInterval(double Mean, double Std, double HalfWidth, int N)
{
    /// <summary>The z value of a two-sided 95% interval.</summary>
    public const double Z95 = 1.96;

    public double Low => Mean - HalfWidth;

    public double High => Mean + HalfWidth;

    /// <summary>Summarises <paramref name="values"/>: NaN mean for none, zero spread for one.</summary>
    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        if (n == 0) { return new MeanInterval(double.NaN, 0, 0, 0); }
        double mean = values.Average();
        double std = n > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) : 0;
        return new MeanInterval(mean, std, n > 1 ? Z95 * std / Math.Sqrt(n) : 0, n);
    }
}
