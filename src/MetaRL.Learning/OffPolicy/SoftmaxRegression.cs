namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Weighted multinomial logistic regression on [1, x] by Newton's method with step halving: minimises
/// Σ_i s_i·(−log p(y_i | x_i)) + ½·l2·‖W‖² (scikit-learn's multinomial <c>LogisticRegression</c> with C = 1/l2 and
/// <c>sample_weight</c> s; the intercepts are almost unpenalised). Small problems only: the Newton system has
/// classes × (d + 1) unknowns. It is the classifier of OBP's <c>IPWLearner</c> in <see cref="SyntheticBanditLog"/>.
/// </summary>
internal sealed class SoftmaxRegression
{
    private const double InterceptPenalty = 1e-6;

    private readonly double[] _w;

    private SoftmaxRegression(double[] w, int classes, int d) => (_w, Classes, Dim) = (w, classes, d);

    public int Classes { get; }

    public int Dim { get; }

    /// <summary>Fits on the rows with positive weight (the others contribute nothing).</summary>
    public static SoftmaxRegression Fit(ReadOnlySpan<float> x, int d, ReadOnlySpan<int> label, ReadOnlySpan<double> weight, int classes, double l2, int maxIterations = 50)
    {
        int q = d + 1, p = classes * q;
        var model = new SoftmaxRegression(new double[p], classes, d);
        var rows = new List<int>();
        for (int i = 0; i < label.Length; i++) { if (weight[i] > 0) { rows.Add(i); } }
        var grad = new double[p];
        var hess = new double[p * p];
        var step = new double[p];
        var probs = new double[classes];
        var phi = new double[q];
        double loss = model.Objective(x, label, weight, rows, l2);
        for (int iter = 0; iter < maxIterations; iter++)
        {
            Array.Clear(grad);
            Array.Clear(hess);
            foreach (int i in rows)
            {
                phi[0] = 1;
                for (int j = 0; j < d; j++) { phi[j + 1] = x[i * d + j]; }
                model.Probabilities(x.Slice(i * d, d), probs);
                double s = weight[i];
                for (int a = 0; a < classes; a++)
                {
                    double g = s * (probs[a] - (label[i] == a ? 1 : 0));
                    for (int j = 0; j < q; j++) { grad[a * q + j] += g * phi[j]; }
                    for (int b = 0; b <= a; b++)
                    {
                        double h = s * ((a == b ? probs[a] : 0) - probs[a] * probs[b]);
                        if (h == 0) { continue; }
                        for (int j = 0; j < q; j++)
                        {
                            double hj = h * phi[j];
                            int r = (a * q + j) * p + b * q;
                            for (int k = 0; k < q; k++) { hess[r + k] += hj * phi[k]; }
                        }
                    }
                }
            }
            for (int a = 0; a < classes; a++)
            {
                for (int j = 0; j < q; j++)
                {
                    int c = a * q + j;
                    double pen = j == 0 ? InterceptPenalty : l2;
                    grad[c] += pen * model._w[c];
                    hess[c * p + c] += pen;
                }
            }
            // Lower block triangle filled; mirror it (the diagonal blocks are symmetric already).
            for (int r = 0; r < p; r++) { for (int c = r + 1; c < p; c++) { if (c / q > r / q) { hess[r * p + c] = hess[c * p + r]; } } }
            PenalizedGlm.CholeskySolve(hess, p, grad, step);
            var before = (double[])model._w.Clone();
            double t = 1, next = double.PositiveInfinity;
            for (int halving = 0; halving < 30; halving++, t /= 2)
            {
                for (int c = 0; c < p; c++) { model._w[c] = before[c] - t * step[c]; }
                next = model.Objective(x, label, weight, rows, l2);
                if (next <= loss) { break; }
            }
            if (!(next <= loss)) { before.CopyTo(model._w, 0); break; }
            double change = loss - next;
            loss = next;
            if (change <= 1e-10 * Math.Max(1, Math.Abs(loss))) { break; }
        }
        return model;
    }

    /// <summary>p(· | x) into <paramref name="probs"/>.</summary>
    public void Probabilities(ReadOnlySpan<float> x, Span<double> probs)
    {
        int q = Dim + 1;
        double max = double.NegativeInfinity;
        for (int a = 0; a < Classes; a++)
        {
            double eta = _w[a * q];
            for (int j = 0; j < Dim; j++) { eta += _w[a * q + j + 1] * x[j]; }
            probs[a] = eta;
            max = Math.Max(max, eta);
        }
        double sum = 0;
        for (int a = 0; a < Classes; a++) { probs[a] = Math.Exp(probs[a] - max); sum += probs[a]; }
        for (int a = 0; a < Classes; a++) { probs[a] /= sum; }
    }

    private double Objective(ReadOnlySpan<float> x, ReadOnlySpan<int> label, ReadOnlySpan<double> weight, List<int> rows, double l2)
    {
        var probs = new double[Classes];
        double sum = 0;
        foreach (int i in rows)
        {
            Probabilities(x.Slice(i * Dim, Dim), probs);
            sum -= weight[i] * Math.Log(Math.Max(probs[label[i]], 1e-300));
        }
        int q = Dim + 1;
        double pen = 0;
        for (int c = 0; c < _w.Length; c++) { pen += (c % q == 0 ? InterceptPenalty : l2) * _w[c] * _w[c]; }
        return sum + 0.5 * pen;
    }
}
