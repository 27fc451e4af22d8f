namespace MetaRL.Tuning;

/// <summary>
/// A mixture with one component per observation plus a prior component: truncated Gaussians on [0, 1]
/// for numeric dimensions (unit coordinates), smoothed one-hot distributions for categorical ones.
/// Bandwidths: one dimension, the larger gap to the sorted neighbours (Bergstra et al. 2011), clipped to
/// [1/min(100, n+1), 1]; several dimensions, Scott's rule 0.2 n^(−1/(d+4)) as in Optuna.
/// </summary>
internal sealed class ParzenEstimator
{
    private readonly double[][] _mu;      // component × dim (prior last)
    private readonly double[][] _sigma;
    private readonly double[] _logWeight;
    private readonly int[] _choices;      // 0 for numeric dimensions
    private readonly double _priorWeight;

    public ParzenEstimator(IReadOnlyList<double[]> observations, int[] choices, double priorWeight)
    {
        int n = observations.Count, dim = choices.Length;
        _choices = choices;
        _priorWeight = priorWeight;
        _mu = new double[n + 1][];
        _sigma = new double[n + 1][];
        for (int k = 0; k < n; k++) { _mu[k] = observations[k]; _sigma[k] = new double[dim]; }
        _mu[n] = new double[dim];
        _sigma[n] = new double[dim];
        for (int d = 0; d < dim; d++)
        {
            _mu[n][d] = 0.5;
            _sigma[n][d] = 1;
            if (choices[d] > 0) { continue; }
            if (dim == 1) { NeighbourBandwidths(d, n); }
            else
            {
                double s = 0.2 * Math.Pow(n + 1, -1.0 / (dim + 4));
                for (int k = 0; k < n; k++) { _sigma[k][d] = s; }
            }
        }
        double total = n + priorWeight;
        _logWeight = new double[n + 1];
        for (int k = 0; k < n; k++) { _logWeight[k] = Math.Log(1 / total); }
        _logWeight[n] = Math.Log(priorWeight / total);
    }

    private void NeighbourBandwidths(int d, int n)
    {
        var order = Enumerable.Range(0, n + 1).OrderBy(k => _mu[k][d]).ToArray();
        double min = 1.0 / Math.Min(100, n + 1);
        for (int i = 0; i < order.Length; i++)
        {
            int k = order[i];
            if (k == n) { continue; }
            double left = i > 0 ? _mu[k][d] - _mu[order[i - 1]][d] : _mu[k][d];
            double right = i + 1 < order.Length ? _mu[order[i + 1]][d] - _mu[k][d] : 1 - _mu[k][d];
            _sigma[k][d] = Math.Clamp(Math.Max(left, right), min, 1);
        }
    }

    public double[] Sample(Rng rng)
    {
        int n = _mu.Length;
        double u = rng.NextDouble(), acc = 0;
        int comp = n - 1;
        for (int k = 0; k < n; k++) { acc += Math.Exp(_logWeight[k]); if (u < acc) { comp = k; break; } }
        var x = new double[_choices.Length];
        for (int d = 0; d < x.Length; d++)
        {
            if (_choices[d] > 0)
            {
                x[d] = SampleCategory(rng, comp, d);
                continue;
            }
            double v = double.NaN;
            for (int attempt = 0; attempt < 100; attempt++)
            {
                v = _mu[comp][d] + _sigma[comp][d] * rng.Normal();
                if (v >= 0 && v <= 1) { break; }
            }
            x[d] = Math.Clamp(v, 0, 1);
        }
        return x;
    }

    private double CategoryProbability(int comp, int d, int c)
    {
        int choices = _choices[d];
        if (comp == _mu.Length - 1) { return 1.0 / choices; }
        double p = _priorWeight / choices + (c == (int)_mu[comp][d] ? 1 : 0);
        return p / (1 + _priorWeight);
    }

    private int SampleCategory(Rng rng, int comp, int d)
    {
        double u = rng.NextDouble(), acc = 0;
        for (int c = 0; c < _choices[d]; c++) { acc += CategoryProbability(comp, d, c); if (u < acc) { return c; } }
        return _choices[d] - 1;
    }

    public double LogPdf(double[] x)
    {
        int n = _mu.Length;
        var terms = new double[n];
        double max = double.NegativeInfinity;
        for (int k = 0; k < n; k++)
        {
            double lp = _logWeight[k];
            for (int d = 0; d < x.Length; d++)
            {
                if (_choices[d] > 0) { lp += Math.Log(CategoryProbability(k, d, (int)x[d])); continue; }
                double mu = _mu[k][d], s = _sigma[k][d];
                double mass = NormalMath.Cdf((1 - mu) / s) - NormalMath.Cdf(-mu / s);
                lp += NormalMath.LogPdf((x[d] - mu) / s) - Math.Log(s) - Math.Log(Math.Max(mass, 1e-300));
            }
            terms[k] = lp;
            max = Math.Max(max, lp);
        }
        double sum = 0;
        foreach (var t in terms) { sum += Math.Exp(t - max); }
        return max + Math.Log(sum);
    }
}
