namespace MetaRL.Tuning;

/// <summary>
/// A zero-mean Gaussian process on standardised targets with the ARD Matérn-5/2 kernel
/// k(x, x′) = s² (1 + √5 r + 5r²/3) exp(−√5 r), r² = Σ_d δ_d² / ℓ_d², plus noise variance σ²ₙ.
/// Categorical dimensions use δ = 0 for equal and 1 for different choices. Hyperparameters
/// θ = (log ℓ₁ … log ℓ_D, log s², log σ²ₙ).
/// </summary>
public sealed class MaternGp
{
    private static readonly double Sqrt5 = Math.Sqrt(5);
    private readonly double[][] _x;
    private readonly double[] _y;
    private readonly bool[] _categorical;
    private double[] _l = [], _alpha = [], _invL2 = [];
    private double _signal;

    public MaternGp(double[][] x, double[] y, bool[] categorical)
    {
        _x = x;
        _y = y;
        _categorical = categorical;
    }

    public int Count => _y.Length;

    public int Dimension => _categorical.Length;

    /// <summary>The fitted hyperparameters θ.</summary>
    public double[] Theta { get; private set; } = [];

    private double Delta(int d, double a, double b) => _categorical[d] ? (a == b ? 0 : 1) : a - b;

    /// <summary>
    /// Negative log marginal likelihood −log p(y | X, θ) and its gradient in θ
    /// (∂/∂θ log p = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ)); +∞ when K is not positive definite.
    /// </summary>
    public double NegLogLikelihood(ReadOnlySpan<double> theta, Span<double> grad)
    {
        int n = Count, dim = Dimension;
        var invL2 = new double[dim];
        for (int d = 0; d < dim; d++) { invL2[d] = Math.Exp(-2 * theta[d]); }
        double s2 = Math.Exp(theta[dim]), noise = Math.Exp(theta[dim + 1]);
        var k = new double[n * n];
        var r2 = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double q = 0;
                for (int d = 0; d < dim; d++) { double dd = Delta(d, _x[i][d], _x[j][d]); q += dd * dd * invL2[d]; }
                double r = Math.Sqrt(q);
                double v = s2 * (1 + Sqrt5 * r + 5.0 / 3.0 * q) * Math.Exp(-Sqrt5 * r);
                k[i * n + j] = k[j * n + i] = v;
                r2[i * n + j] = r2[j * n + i] = r;
            }
            k[i * n + i] += noise + 1e-10;
        }
        var l = new double[n * n];
        if (!Cholesky.TryFactor(k, n, l)) { grad.Clear(); return double.PositiveInfinity; }
        var alpha = (double[])_y.Clone();
        Cholesky.Solve(l, n, alpha);
        double nll = 0.5 * n * Math.Log(2 * Math.PI);
        for (int i = 0; i < n; i++) { nll += 0.5 * _y[i] * alpha[i] + Math.Log(l[i * n + i]); }
        var kinv = Cholesky.Inverse(l, n);
        grad.Clear();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                // Symmetric terms: count off-diagonal pairs twice.
                double w = (i == j ? 1 : 2) * (alpha[i] * alpha[j] - kinv[i * n + j]);
                double r = r2[i * n + j];
                double e = Math.Exp(-Sqrt5 * r);
                double kij = s2 * (1 + Sqrt5 * r + 5.0 / 3.0 * r * r) * e;
                // ∂k/∂log ℓ_d = s² (5/3)(1 + √5 r) e^{−√5 r} δ_d²/ℓ_d².
                double common = s2 * (5.0 / 3.0) * (1 + Sqrt5 * r) * e;
                for (int d = 0; d < dim; d++)
                {
                    double dd = Delta(d, _x[i][d], _x[j][d]);
                    grad[d] -= 0.5 * w * common * dd * dd * invL2[d];
                }
                grad[dim] -= 0.5 * w * kij;
                if (i == j) { grad[dim + 1] -= 0.5 * w * noise; }
            }
        }
        return nll;
    }

    /// <summary>Fixes θ and precomputes the factor and weights used by <see cref="Predict"/>.</summary>
    public bool Condition(double[] theta)
    {
        int n = Count, dim = Dimension;
        Theta = theta;
        _invL2 = new double[dim];
        for (int d = 0; d < dim; d++) { _invL2[d] = Math.Exp(-2 * theta[d]); }
        _signal = Math.Exp(theta[dim]);
        double noise = Math.Exp(theta[dim + 1]);
        var k = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++) { k[i * n + j] = k[j * n + i] = Kernel(_x[i], _x[j]); }
            k[i * n + i] += noise + 1e-10;
        }
        _l = new double[n * n];
        if (!Cholesky.TryFactor(k, n, _l)) { return false; }
        _alpha = (double[])_y.Clone();
        Cholesky.Solve(_l, n, _alpha);
        return true;
    }

    private double Kernel(double[] a, double[] b)
    {
        double q = 0;
        for (int d = 0; d < a.Length; d++) { double dd = Delta(d, a[d], b[d]); q += dd * dd * _invL2[d]; }
        double r = Math.Sqrt(q);
        return _signal * (1 + Sqrt5 * r + 5.0 / 3.0 * q) * Math.Exp(-Sqrt5 * r);
    }

    /// <summary>Posterior mean and variance of the latent function at <paramref name="x"/>.</summary>
    public (double Mean, double Variance) Predict(double[] x)
    {
        int n = Count;
        var v = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) { v[i] = Kernel(x, _x[i]); mean += v[i] * _alpha[i]; }
        Cholesky.SolveLower(_l, n, v);
        double var = _signal;
        foreach (var e in v) { var -= e * e; }
        return (mean, Math.Max(var, 1e-12));
    }
}
