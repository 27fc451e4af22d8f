namespace MetaRL.Tuning;

/// <summary>
/// Bayesian optimisation with a Gaussian process (see <see cref="GpOptions"/>). Points live in the unit
/// cube of the modelling coordinates (log for log-scaled ranges); integers are rounded after the
/// acquisition is maximised; categoricals are modelled with a Hamming distance.
/// </summary>
public sealed class GpSampler : Sampler
{
    private readonly GpOptions _options;
    private readonly Rng _rng;
    private double[]? _lastTheta;
    private int _fits;

    public GpSampler(GpOptions? options = null, int worker = 0)
    {
        _options = options ?? new GpOptions();
        _rng = new Rng(_options.Seed * 104729 + worker);
    }

    public override SearchSpace InferRelativeSearchSpace(Study study) => _options.SearchSpace ?? study.IntersectionSearchSpace;

    public override double SampleIndependent(Study study, Trial trial, string name, ParamDistribution distribution) =>
        RandomSampler.Draw(_rng, distribution);

    public override IReadOnlyDictionary<string, double> SampleRelative(Study study, Trial trial, SearchSpace space)
    {
        var result = new Dictionary<string, double>();
        var data = study.CompleteTrials.Where(space.Covers).ToList();
        if (data.Count < _options.StartupTrials || trial.FixedParamCount > 0) { return result; }
        int dim = space.Count;
        var categorical = space.Distributions.Select(d => d is CategoricalDistribution).ToArray();
        var x = data.Select(t => Encode(space, t.Params)).ToArray();
        var y = Standardise(data.Select(t => Loss(study, t)).ToArray());
        var gp = new MaternGp(x, y, categorical);
        var theta = Fit(gp, dim);
        if (!gp.Condition(theta)) { return result; }
        _lastTheta = theta;
        double best = y.Min();
        var acq = new Acquisition(WithLiars(study, space, gp, theta, x, y, categorical), best);
        var point = acq.Maximise(space, categorical, x, y, _rng, _options);
        for (int i = 0; i < dim; i++)
        {
            var d = space.Distributions[i];
            result[space.Names[i]] = categorical[i] ? point[i] : d.FromUnit(point[i]);
        }
        return result;
    }

    /// <summary>
    /// The GP the acquisition reads: with <see cref="GpOptions.ConstantLiar"/>, conditioned (same hyperparameters)
    /// on every trial other workers are running as if it had the worst value so far, so that concurrent workers
    /// do not converge on one point; the plain GP when none runs.
    /// </summary>
    private MaternGp WithLiars(Study study, SearchSpace space, MaternGp gp, double[] theta, double[][] x, double[] y, bool[] categorical)
    {
        if (!_options.ConstantLiar) { return gp; }
        var running = study.RunningTrials.Where(space.Covers).Select(t => Encode(space, t.Params)).ToArray();
        if (running.Length == 0) { return gp; }
        var lied = new MaternGp([.. x, .. running], [.. y, .. Enumerable.Repeat(y.Max(), running.Length)], categorical);
        return lied.Condition(theta) ? lied : gp;
    }

    internal static double[] Encode(SearchSpace space, IReadOnlyDictionary<string, double> p) =>
        [.. space.Names.Select((n, i) => space.Distributions[i] is CategoricalDistribution ? p[n] : space.Distributions[i].ToUnit(p[n]))];

    private static double[] Standardise(double[] v)
    {
        double mean = v.Average();
        double sd = Math.Sqrt(v.Sum(e => (e - mean) * (e - mean)) / v.Length);
        if (!(sd > 1e-12)) { sd = 1; }
        return [.. v.Select(e => (e - mean) / sd)];
    }

    /// <summary>Maximum marginal likelihood by L-BFGS in log space from the previous optimum and a few fresh starts.</summary>
    private double[] Fit(MaternGp gp, int dim)
    {
        var lower = new double[dim + 2];
        var upper = new double[dim + 2];
        for (int d = 0; d < dim; d++) { lower[d] = Math.Log(1e-2); upper[d] = Math.Log(20); }
        (lower[dim], upper[dim]) = (Math.Log(0.05), Math.Log(20));
        (lower[dim + 1], upper[dim + 1]) = (Math.Log(_options.MinNoise), Math.Log(1));
        var starts = new List<double[]>();
        bool warm = _lastTheta is not null && _lastTheta.Length == dim + 2;
        if (warm) { starts.Add((double[])_lastTheta!.Clone()); }
        // Between full refits (every 10th model), the previous optimum alone is a good start: hyperparameters drift slowly.
        if (warm && ++_fits % 10 != 0)
        {
            Lbfgs.Minimize(gp.NegLogLikelihood, starts[0], maxIterations: 30, lower: lower, upper: upper, gradTolerance: 1e-5);
            return starts[0];
        }
        var baseline = new double[dim + 2];
        for (int d = 0; d < dim; d++) { baseline[d] = Math.Log(0.5); }
        baseline[dim + 1] = Math.Log(1e-3);
        starts.Add(baseline);
        while (starts.Count < Math.Max(2, _options.FitRestarts))
        {
            var s = new double[dim + 2];
            for (int i = 0; i < s.Length; i++) { s[i] = _rng.Uniform(lower[i], upper[i]); }
            s[dim] = 0;
            starts.Add(s);
        }
        double bestNll = double.PositiveInfinity;
        double[] best = baseline;
        foreach (var start in starts)
        {
            double nll = Lbfgs.Minimize(gp.NegLogLikelihood, start, maxIterations: 60, lower: lower, upper: upper, gradTolerance: 1e-5);
            if (nll < bestNll) { bestNll = nll; best = start; }
        }
        return best;
    }
}
