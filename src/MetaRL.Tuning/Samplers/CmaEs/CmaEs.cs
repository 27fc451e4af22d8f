namespace MetaRL.Tuning;

/// <summary>
/// One CMA-ES run in ask/tell form on an unbounded vector: weighted recombination with log weights,
/// cumulative step-size adaptation, rank-one and rank-μ covariance updates and, by default, the active
/// update with pycma's negative weights (Hansen 2016, tutorial equations (49)–(53)).
/// The covariance is eigen-decomposed with <see cref="SymmetricEigen"/> after every update.
/// </summary>
public sealed partial class CmaEs
{
    private readonly int _n;
    private readonly double[] _weights;
    private readonly double _muEff, _cc, _cs, _c1, _cmu, _ds, _chiN;
    private readonly double[] _c, _b, _d, _invSqrtC, _pc, _ps;
    private readonly double _sigma0;

    public CmaEs(double[] mean, double sigma, int? populationSize = null, bool active = true)
    {
        _n = mean.Length;
        if (_n == 0) { throw new ArgumentException("CMA-ES needs at least one dimension."); }
        if (!(sigma > 0)) { throw new ArgumentException("sigma must be positive."); }
        int n = _n;
        Lambda = populationSize ?? 4 + (int)Math.Floor(3 * Math.Log(n));
        if (Lambda < 2) { throw new ArgumentException("The population needs at least 2 members."); }
        Mu = Lambda / 2;
        Mean = (double[])mean.Clone();
        Sigma = _sigma0 = sigma;
        var raw = new double[Lambda];
        for (int i = 0; i < Lambda; i++) { raw[i] = Math.Log((Lambda + 1) / 2.0) - Math.Log(i + 1); }
        double sumPos = 0, sumPos2 = 0, sumNeg = 0, sumNeg2 = 0;
        for (int i = 0; i < Lambda; i++)
        {
            if (i < Mu) { sumPos += raw[i]; sumPos2 += raw[i] * raw[i]; }
            else { sumNeg += raw[i]; sumNeg2 += raw[i] * raw[i]; }
        }
        _muEff = sumPos * sumPos / sumPos2;
        double muEffNeg = sumNeg2 > 0 ? sumNeg * sumNeg / sumNeg2 : 0;
        _cc = (4 + _muEff / n) / (n + 4 + 2 * _muEff / n);
        _cs = (_muEff + 2) / (n + _muEff + 5);
        const double alphaCov = 2;
        _c1 = alphaCov / ((n + 1.3) * (n + 1.3) + _muEff);
        _cmu = Math.Min(1 - _c1, alphaCov * (_muEff - 2 + 1 / _muEff) / ((n + 2) * (n + 2) + alphaCov * _muEff / 2));
        _ds = 1 + 2 * Math.Max(0, Math.Sqrt((_muEff - 1) / (n + 1)) - 1) + _cs;
        _chiN = Math.Sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
        _weights = new double[Lambda];
        double alphaMuNeg = 1 + _c1 / _cmu;
        double alphaMuEffNeg = 1 + 2 * muEffNeg / (_muEff + 2);
        double alphaPosDefNeg = (1 - _c1 - _cmu) / (n * _cmu);
        double negScale = Math.Min(alphaMuNeg, Math.Min(alphaMuEffNeg, alphaPosDefNeg)) / -sumNeg;
        for (int i = 0; i < Lambda; i++)
        {
            _weights[i] = i < Mu ? raw[i] / sumPos : active ? negScale * raw[i] : 0;
        }
        _c = new double[n * n];
        _b = new double[n * n];
        _invSqrtC = new double[n * n];
        _d = new double[n];
        for (int i = 0; i < n; i++) { _c[i * n + i] = _b[i * n + i] = _invSqrtC[i * n + i] = 1; _d[i] = 1; }
        _pc = new double[n];
        _ps = new double[n];
    }

    public int Dimension => _n;
    public int Lambda { get; }
    public int Mu { get; }
    public double Sigma { get; private set; }
    public double[] Mean { get; }
    public int Generation { get; private set; }

    /// <summary>The recombination weights (positive for the μ best, negative for the rest when active).</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Effective selection mass μ_eff.</summary>
    public double MuEff => _muEff;

    /// <summary>A copy of the covariance matrix (row-major).</summary>
    public double[] Covariance => (double[])_c.Clone();

    /// <summary>Draws one candidate x = m + σ B D z.</summary>
    public double[] Ask(Rng rng)
    {
        int n = _n;
        var z = new double[n];
        for (int i = 0; i < n; i++) { z[i] = _d[i] * rng.Normal(); }
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) { s += _b[i * n + j] * z[j]; }
            x[i] = Mean[i] + Sigma * s;
        }
        return x;
    }

    /// <summary>Updates the distribution from exactly λ evaluated candidates (smaller f is better).</summary>
    public void Tell(IReadOnlyList<(double[] X, double F)> solutions)
    {
        if (solutions.Count != Lambda) { throw new ArgumentException($"CMA-ES expects {Lambda} solutions, got {solutions.Count}."); }
        int n = _n;
        var sorted = solutions.OrderBy(s => s.F).ToArray();
        RecordFitness(sorted);
        var ys = new double[Lambda][];
        for (int k = 0; k < Lambda; k++)
        {
            ys[k] = new double[n];
            for (int i = 0; i < n; i++) { ys[k][i] = (sorted[k].X[i] - Mean[i]) / Sigma; }
        }
        var yw = new double[n];
        for (int k = 0; k < Mu; k++) { for (int i = 0; i < n; i++) { yw[i] += _weights[k] * ys[k][i]; } }
        for (int i = 0; i < n; i++) { Mean[i] += Sigma * yw[i]; }

        var cInvY = MulInvSqrtC(yw);
        double csFactor = Math.Sqrt(_cs * (2 - _cs) * _muEff);
        for (int i = 0; i < n; i++) { _ps[i] = (1 - _cs) * _ps[i] + csFactor * cInvY[i]; }
        double psNorm = Norm(_ps);
        Generation++;
        double hsigThreshold = (1.4 + 2.0 / (n + 1)) * _chiN;
        bool hsig = psNorm / Math.Sqrt(1 - Math.Pow(1 - _cs, 2 * Generation)) < hsigThreshold;
        double ccFactor = Math.Sqrt(_cc * (2 - _cc) * _muEff);
        for (int i = 0; i < n; i++) { _pc[i] = (1 - _cc) * _pc[i] + (hsig ? ccFactor * yw[i] : 0); }

        double deltaH = hsig ? 0 : _cc * (2 - _cc);
        double sumW = 0;
        foreach (var w in _weights) { sumW += w; }
        double decay = 1 + _c1 * deltaH - _c1 - _cmu * sumW;
        var wCirc = new double[Lambda];
        for (int k = 0; k < Lambda; k++)
        {
            if (_weights[k] >= 0) { wCirc[k] = _weights[k]; continue; }
            double q = Norm(MulInvSqrtC(ys[k]));
            wCirc[k] = _weights[k] * n / Math.Max(q * q, 1e-300);
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double rankMu = 0;
                for (int k = 0; k < Lambda; k++) { rankMu += wCirc[k] * ys[k][i] * ys[k][j]; }
                double v = decay * _c[i * n + j] + _c1 * _pc[i] * _pc[j] + _cmu * rankMu;
                _c[i * n + j] = _c[j * n + i] = v;
            }
        }
        Sigma *= Math.Exp(_cs / _ds * (psNorm / _chiN - 1));
        UpdateEigen();
    }

    private void UpdateEigen()
    {
        int n = _n;
        SymmetricEigen.Decompose(_c, n, _d, _b);
        for (int i = 0; i < n; i++) { _d[i] = Math.Sqrt(Math.Max(_d[i], 1e-300)); }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) { s += _b[i * n + k] / _d[k] * _b[j * n + k]; }
                _invSqrtC[i * n + j] = s;
            }
        }
    }

    private double[] MulInvSqrtC(double[] v)
    {
        int n = _n;
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) { s += _invSqrtC[i * n + j] * v[j]; }
            r[i] = s;
        }
        return r;
    }

    private static double Norm(double[] v)
    {
        double s = 0;
        foreach (var e in v) { s += e * e; }
        return Math.Sqrt(s);
    }
}
