namespace MetaRL.Envs.Markets;

/// <summary>
/// Long-only mean-variance (Markowitz 1952) on a rolling estimate: every month, the weights w ≥ 0 with Σ w ≤ 1 (the rest
/// in cash) that maximise μᵀw − (γ/2) wᵀΣw, with μ and Σ the sample mean and covariance of the last
/// <see cref="Window"/> days' returns and γ the <see cref="RiskAversion"/>; solved by projected gradient ascent (for one
/// asset the answer is min(max(μ / (γσ²), 0), 1)).
/// </summary>
public sealed class MeanVariance(int window = MeanVariance.DefaultWindow, double riskAversion = MeanVariance.DefaultRiskAversion, int period = EqualWeight.Monthly)
    : PeriodicStrategy("mean-variance", period, window)
{
    /// <summary>The default estimation window: a year of trading days.</summary>
    public const int DefaultWindow = 252;

    /// <summary>The default risk aversion γ.</summary>
    public const double DefaultRiskAversion = 5;

    private const int Iterations = 500;

    /// <summary>Days of returns the mean and covariance are estimated from.</summary>
    public int Window { get; } = window >= 2 ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "the estimation window is at least 2 days");

    /// <summary>γ in μᵀw − (γ/2) wᵀΣw.</summary>
    public double RiskAversion { get; } = riskAversion > 0 && double.IsFinite(riskAversion) ? riskAversion : throw new ArgumentOutOfRangeException(nameof(riskAversion), riskAversion, "risk aversion is a finite number > 0");

    /// <inheritdoc />
    protected override void Rebalance(ReturnHistory history, Span<double> weights)
    {
        var (mean, cov) = history.Moments(history.Day - Window);
        int n = weights.Length;
        double trace = 0;
        for (int i = 0; i < n; i++) { trace += cov[i, i]; }
        if (trace <= 0) { return; } // no variance seen: no estimate to act on
        double step = 1 / (RiskAversion * trace); // 1/L with L = γ λ_max(Σ) ≤ γ trace(Σ)
        var w = new double[n];
        var next = new double[n];
        for (int k = 0; k < Iterations; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double sigmaW = 0;
                for (int j = 0; j < n; j++) { sigmaW += cov[i, j] * w[j]; }
                next[i] = w[i] + step * (mean[i] - RiskAversion * sigmaW);
            }
            Simplex.ProjectCapped(next, w);
        }
        w.CopyTo(weights);
    }
}
