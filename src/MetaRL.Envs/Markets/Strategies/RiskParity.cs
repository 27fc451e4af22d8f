namespace MetaRL.Envs.Markets;

/// <summary>
/// Equal risk contribution (Maillard, Roncalli and Teïletche 2010): every month, fully invested long-only weights whose
/// contributions w_i (Σw)_i to the portfolio variance are equal, with Σ the sample covariance of the last
/// <see cref="Window"/> days; found by the multiplicative fixed point w_i ← w_i √(b / (w_i (Σw)_i / wᵀΣw)), b = 1/n.
/// For one asset it is fully invested.
/// </summary>
public sealed class RiskParity(int window = RiskParity.DefaultWindow, int period = EqualWeight.Monthly) : PeriodicStrategy("risk-parity", period, window)
{
    /// <summary>The default covariance window: three months of trading days.</summary>
    public const int DefaultWindow = 63;

    private const int Iterations = 200;

    /// <summary>Days of returns the covariance is estimated from.</summary>
    public int Window { get; } = window >= 2 ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "the estimation window is at least 2 days");

    /// <inheritdoc />
    protected override void Rebalance(ReturnHistory history, Span<double> weights)
    {
        int n = weights.Length;
        var (_, cov) = history.Moments(history.Day - Window);
        var w = new double[n];
        Array.Fill(w, 1.0 / n);
        var sigmaW = new double[n];
        for (int k = 0; k < Iterations; k++)
        {
            double variance = 0;
            for (int i = 0; i < n; i++)
            {
                sigmaW[i] = 0;
                for (int j = 0; j < n; j++) { sigmaW[i] += cov[i, j] * w[j]; }
                variance += w[i] * sigmaW[i];
            }
            if (variance <= 0) { break; }
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                double share = w[i] * sigmaW[i] / variance;
                w[i] = share > 0 ? w[i] * Math.Sqrt(1.0 / n / share) : w[i];
                sum += w[i];
            }
            for (int i = 0; i < n; i++) { w[i] /= sum; }
        }
        w.CopyTo(weights);
    }
}
