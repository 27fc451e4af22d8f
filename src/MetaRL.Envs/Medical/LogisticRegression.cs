namespace MetaRL.Envs.Medical;

/// <summary>
/// L2-penalised logistic regression fitted by Newton's method (iteratively reweighted least squares) on a subset of
/// columns of a standardised row-major matrix: it minimises Σ_i w_i·logloss_i + ½·<see cref="Penalty"/>·‖β‖² (the
/// intercept unpenalised), which with unit weights and penalty 1 is scikit-learn's default <c>LogisticRegression(C=1)</c>.
/// </summary>
public sealed class LogisticRegression
{
    /// <summary>The L2 penalty (1/C). </summary>
    public const double Penalty = 1.0;

    private const int MaxIterations = 50;

    private LogisticRegression(int[] columns, double[] beta) => (Columns, Coefficients) = (columns, beta);

    /// <summary>The columns used, in order.</summary>
    public IReadOnlyList<int> Columns { get; }

    /// <summary>The intercept, then one weight per column.</summary>
    public IReadOnlyList<double> Coefficients { get; }

    /// <summary>Fits on <paramref name="rows"/> of <paramref name="z"/> (row-major, <paramref name="width"/> columns) using
    /// <paramref name="columns"/>; <paramref name="weight"/> (null: 1) weights row i by its label.</summary>
    public static LogisticRegression Fit(ReadOnlySpan<double> z, int width, IReadOnlyList<int> rows, IReadOnlyList<bool> positive, IReadOnlyList<int> columns, (double Positive, double Negative)? weight = null)
    {
        int p = columns.Count + 1;
        var beta = new double[p];
        var grad = new double[p];
        var hess = new double[p * p];
        var phi = new double[p];
        var (wPos, wNeg) = weight ?? (1, 1);
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            Array.Clear(grad);
            Array.Clear(hess);
            foreach (int r in rows)
            {
                Features(z, width, r, columns, phi);
                double mu = Sigmoid(Dot(beta, phi));
                bool y = positive[r];
                double w = y ? wPos : wNeg;
                double g = w * (mu - (y ? 1 : 0)), h = w * Math.Max(mu * (1 - mu), 1e-10);
                for (int j = 0; j < p; j++)
                {
                    grad[j] += g * phi[j];
                    for (int k = 0; k <= j; k++) { hess[j * p + k] += h * phi[j] * phi[k]; }
                }
            }
            for (int j = 1; j < p; j++) { grad[j] += Penalty * beta[j]; hess[j * p + j] += Penalty; }
            hess[0] += 1e-8;
            // The penalty keeps the Hessian positive definite; a failed factorisation (non-finite data) ends the fit.
            if (MetaRL.Statistics.Cholesky.Solve(hess, grad, p) is not { } step) { break; }
            double change = 0;
            for (int j = 0; j < p; j++) { beta[j] -= step[j]; change = Math.Max(change, Math.Abs(step[j])); }
            if (change < 1e-8) { break; }
        }
        return new LogisticRegression([.. columns], beta);
    }

    /// <summary>The log-odds of the positive class for row <paramref name="row"/>.</summary>
    public double LogOdds(ReadOnlySpan<double> z, int width, int row)
    {
        double s = Coefficients[0];
        for (int j = 0; j < Columns.Count; j++) { s += Coefficients[j + 1] * z[row * width + Columns[j]]; }
        return s;
    }

    /// <summary>The probability of the positive class for row <paramref name="row"/>, its prior odds moved from
    /// <paramref name="trainPrevalence"/> to <paramref name="prevalence"/> (Bayes' rule; equal prevalences change nothing).</summary>
    public double Probability(ReadOnlySpan<double> z, int width, int row, double trainPrevalence, double prevalence) =>
        Sigmoid(LogOdds(z, width, row) + Logit(prevalence) - Logit(trainPrevalence));

    internal static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    internal static double Logit(double p) => Math.Log(p / (1 - p));

    private static void Features(ReadOnlySpan<double> z, int width, int row, IReadOnlyList<int> columns, double[] phi)
    {
        phi[0] = 1;
        for (int j = 0; j < columns.Count; j++) { phi[j + 1] = z[row * width + columns[j]]; }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { s += a[i] * b[i]; }
        return s;
    }
}
