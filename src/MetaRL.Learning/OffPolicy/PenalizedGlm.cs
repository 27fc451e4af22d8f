namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// L2-penalised linear and logistic regression by Newton's method (iteratively reweighted least squares) with step
/// halving, on the features [1, x] or [1, x, onehot(a)]. It minimises Σ loss_i + ½·l2·‖β‖², loss the squared error /2
/// (ridge, one Newton step) or the logistic log-loss; the intercept is (almost) not penalised, as in scikit-learn. The
/// one-hot block's Hessian is diagonal apart from its row against [1, x], which the accumulation uses, so a row costs
/// O((d + 1)²) whatever the number of actions.
/// </summary>
internal static class PenalizedGlm
{
    /// <summary>Penalty on the intercept: enough to keep the Newton system positive definite, too small to matter.</summary>
    private const double InterceptPenalty = 1e-6;

    private const int MaxIterations = 100;

    /// <summary>The coefficients [b, w (d), u (oneHotSize)] fitted on the rows listed in <c>rows</c>: x holds every row's
    /// context (row-major, d columns), oneHot every row's category (the action; empty for the features [1, x] alone), y
    /// every row's target; l2 is the penalty on w and u.</summary>
    public static double[] Fit(ReadOnlySpan<float> x, int d, ReadOnlySpan<int> oneHot, int oneHotSize, ReadOnlySpan<float> y, ReadOnlySpan<int> rows, bool logistic, double l2)
    {
        int q = d + 1, p = q + (oneHot.IsEmpty ? 0 : oneHotSize);
        var beta = new double[p];
        var grad = new double[p];
        var hess = new double[p * p];
        var step = new double[p];
        var trial = new double[p];
        double loss = Objective(x, d, oneHot, y, rows, logistic, l2, beta);
        var phi = new double[q];
        for (int iter = 0; iter < MaxIterations; iter++)
        {
            Array.Clear(grad);
            Array.Clear(hess);
            foreach (int i in rows)
            {
                Features(x, d, i, phi);
                double eta = Eta(beta, phi, oneHot.IsEmpty ? -1 : q + oneHot[i]);
                double mu = logistic ? Sigmoid(eta) : eta;
                double g = mu - y[i], h = logistic ? Math.Max(mu * (1 - mu), 1e-12) : 1.0;
                for (int j = 0; j < q; j++)
                {
                    grad[j] += g * phi[j];
                    double hj = h * phi[j];
                    for (int k = 0; k <= j; k++) { hess[j * p + k] += hj * phi[k]; }
                }
                if (!oneHot.IsEmpty)
                {
                    int c = q + oneHot[i];
                    grad[c] += g;
                    hess[c * p + c] += h;
                    for (int k = 0; k < q; k++) { hess[c * p + k] += h * phi[k]; }
                }
            }
            for (int j = 0; j < p; j++)
            {
                double pen = j == 0 ? InterceptPenalty : l2;
                grad[j] += pen * beta[j];
                hess[j * p + j] += pen;
            }
            for (int j = 0; j < p; j++) { for (int k = 0; k < j; k++) { hess[k * p + j] = hess[j * p + k]; } }
            CholeskySolve(hess, p, grad, step);
            double t = 1.0, next = double.PositiveInfinity;
            for (int halving = 0; halving < 30; halving++, t /= 2)
            {
                for (int j = 0; j < p; j++) { trial[j] = beta[j] - t * step[j]; }
                next = Objective(x, d, oneHot, y, rows, logistic, l2, trial);
                if (next <= loss) { break; }
            }
            if (!(next <= loss)) { break; }
            trial.CopyTo(beta, 0);
            double change = loss - next;
            loss = next;
            double maxStep = 0;
            foreach (double s in step) { maxStep = Math.Max(maxStep, Math.Abs(t * s)); }
            if (!logistic || maxStep < 1e-8 || change <= 1e-12 * Math.Max(1, Math.Abs(loss))) { break; }
        }
        return beta;
    }

    /// <summary>The prediction (mean reward) of coefficients <paramref name="beta"/> for context <paramref name="context"/> and category <paramref name="category"/> (−1 without the one-hot block).</summary>
    public static double Predict(double[] beta, ReadOnlySpan<float> context, int category, bool logistic)
    {
        double eta = beta[0];
        for (int j = 0; j < context.Length; j++) { eta += beta[j + 1] * context[j]; }
        if (category >= 0) { eta += beta[context.Length + 1 + category]; }
        return logistic ? Sigmoid(eta) : eta;
    }

    private static double Objective(ReadOnlySpan<float> x, int d, ReadOnlySpan<int> oneHot, ReadOnlySpan<float> y, ReadOnlySpan<int> rows, bool logistic, double l2, double[] beta)
    {
        double sum = 0;
        foreach (int i in rows)
        {
            double eta = Predict(beta, x.Slice(i * d, d), oneHot.IsEmpty ? -1 : oneHot[i], logistic: false);
            sum += logistic ? Softplus(eta) - y[i] * eta : 0.5 * (y[i] - eta) * (y[i] - eta);
        }
        double pen = InterceptPenalty * beta[0] * beta[0];
        for (int j = 1; j < beta.Length; j++) { pen += l2 * beta[j] * beta[j]; }
        return sum + 0.5 * pen;
    }

    private static void Features(ReadOnlySpan<float> x, int d, int i, double[] phi)
    {
        phi[0] = 1;
        for (int j = 0; j < d; j++) { phi[j + 1] = x[i * d + j]; }
    }

    private static double Eta(double[] beta, double[] phi, int category)
    {
        double eta = 0;
        for (int j = 0; j < phi.Length; j++) { eta += beta[j] * phi[j]; }
        return category >= 0 ? eta + beta[category] : eta;
    }

    public static double Sigmoid(double eta) => eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));

    private static double Softplus(double eta) => eta > 0 ? eta + Math.Log(1 + Math.Exp(-eta)) : Math.Log(1 + Math.Exp(eta));

    /// <summary>Solves A·s = b for symmetric positive definite A (overwritten by its Cholesky factor).</summary>
    internal static void CholeskySolve(double[] a, int p, ReadOnlySpan<double> b, Span<double> s)
    {
        for (int j = 0; j < p; j++)
        {
            double diag = a[j * p + j];
            for (int k = 0; k < j; k++) { diag -= a[j * p + k] * a[j * p + k]; }
            diag = Math.Sqrt(Math.Max(diag, 1e-300));
            a[j * p + j] = diag;
            for (int i = j + 1; i < p; i++)
            {
                double v = a[i * p + j];
                for (int k = 0; k < j; k++) { v -= a[i * p + k] * a[j * p + k]; }
                a[i * p + j] = v / diag;
            }
        }
        for (int i = 0; i < p; i++)
        {
            double v = b[i];
            for (int k = 0; k < i; k++) { v -= a[i * p + k] * s[k]; }
            s[i] = v / a[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--)
        {
            double v = s[i];
            for (int k = i + 1; k < p; k++) { v -= a[k * p + i] * s[k]; }
            s[i] = v / a[i * p + i];
        }
    }
}
