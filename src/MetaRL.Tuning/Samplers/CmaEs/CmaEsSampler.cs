namespace MetaRL.Tuning;

/// <summary>
/// CMA-ES as a study sampler, over every numeric parameter (log coordinates for log-scaled ranges;
/// categoricals are drawn at random). Each trial records its run, generation and unbounded genotype as
/// system attributes; a generation is told the first λ trials of it to complete, in completion order, so
/// every worker sharing a study replays the same distribution updates. Bounds: the genotype is mirrored
/// into the box to give the evaluated point, and the update uses the genotype (the objective seen by
/// CMA-ES is the mirrored one). IPOP restarts from x0 with a doubled population when a run terminates.
/// </summary>
public sealed class CmaEsSampler : Sampler
{
    private const string RunKey = "cma:run", GenKey = "cma:gen", XKey = "cma:x";
    private readonly CmaEsOptions _options;
    private readonly Rng _rng;
    private readonly Dictionary<(int Run, int Gen), List<FrozenTrial>> _buckets = [];
    private SearchSpace? _space;
    private CmaEs? _cma;
    private double[] _x0 = [];
    private double _sigma0;
    private int _run, _cursor;

    public CmaEsSampler(CmaEsOptions? options = null, int worker = 0)
    {
        _options = options ?? new CmaEsOptions();
        _rng = new Rng(_options.Seed * 7919 + worker);
        _space = _options.SearchSpace?.NumericOnly();
    }

    /// <summary>Termination reasons of the runs so far (one per restart).</summary>
    public List<string> Terminations { get; } = [];

    /// <summary>The current run (for tests and reports).</summary>
    public CmaEs? Current => _cma;

    public override SearchSpace InferRelativeSearchSpace(Study study)
    {
        if (_space is null)
        {
            var s = study.IntersectionSearchSpace.NumericOnly();
            if (s.Count > 0) { _space = s; }
        }
        return _space ?? SearchSpace.Empty;
    }

    public override IReadOnlyDictionary<string, double> SampleRelative(Study study, Trial trial, SearchSpace space)
    {
        var result = new Dictionary<string, double>();
        if (trial.FixedParamCount > 0) { return result; }
        Initialise(space);
        Advance(study, space);
        var genotype = _cma!.Ask(_rng);
        for (int i = 0; i < space.Count; i++)
        {
            var d = space.Distributions[i];
            result[space.Names[i]] = d.FromModel(Mirror(genotype[i], d.ModelLow, d.ModelHigh));
        }
        trial.SetSystemAttr(RunKey, _run.ToString(CultureInfo.InvariantCulture));
        trial.SetSystemAttr(GenKey, _cma.Generation.ToString(CultureInfo.InvariantCulture));
        trial.SetSystemAttr(XKey, string.Join(',', genotype.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return result;
    }

    public override double SampleIndependent(Study study, Trial trial, string name, ParamDistribution distribution) =>
        RandomSampler.Draw(_rng, distribution);

    private void Initialise(SearchSpace space)
    {
        if (_cma is not null) { return; }
        int n = space.Count;
        _x0 = new double[n];
        double narrowest = double.MaxValue;
        for (int i = 0; i < n; i++)
        {
            var d = space.Distributions[i];
            _x0[i] = _options.X0 is not null && _options.X0.TryGetValue(space.Names[i], out var v) ? d.ToModel(v) : 0.5 * (d.ModelLow + d.ModelHigh);
            narrowest = Math.Min(narrowest, d.ModelHigh - d.ModelLow);
        }
        _sigma0 = _options.Sigma0 ?? narrowest / 6;
        _cma = new CmaEs(_x0, _sigma0, _options.PopulationSize, _options.ActiveUpdate);
    }

    /// <summary>Tells every generation that has λ complete trials, restarting when a run terminates.</summary>
    private void Advance(Study study, SearchSpace space)
    {
        var complete = study.CompleteTrials;
        for (; _cursor < complete.Count; _cursor++)
        {
            var t = complete[_cursor];
            if (!t.SystemAttrs.TryGetValue(RunKey, out var r) || !t.SystemAttrs.TryGetValue(GenKey, out var g) || !space.Covers(t)) { continue; }
            var key = (int.Parse(r, CultureInfo.InvariantCulture), int.Parse(g, CultureInfo.InvariantCulture));
            if (key.Item1 < _run || (key.Item1 == _run && key.Item2 < _cma!.Generation)) { continue; }
            if (!_buckets.TryGetValue(key, out var list)) { _buckets[key] = list = []; }
            list.Add(t);
        }
        while (_buckets.TryGetValue((_run, _cma!.Generation), out var gen) && gen.Count >= _cma.Lambda)
        {
            _buckets.Remove((_run, _cma.Generation));
            _cma.Tell([.. gen.Take(_cma.Lambda).Select(t => (Genotype(t, space), Loss(study, t)))]);
            var reason = _cma.ShouldStop(_options);
            if (reason is not null && _options.Restarts)
            {
                Terminations.Add(reason);
                int lambda = (int)Math.Round(_cma.Lambda * _options.IncreasePopulationFactor);
                _run++;
                _cma = new CmaEs(_x0, _sigma0, lambda, _options.ActiveUpdate);
                foreach (var stale in _buckets.Keys.Where(k => k.Run < _run).ToList()) { _buckets.Remove(stale); }
            }
        }
    }

    private static double[] Genotype(FrozenTrial t, SearchSpace space)
    {
        if (t.SystemAttrs.TryGetValue(XKey, out var text))
        {
            var parts = text.Split(',');
            if (parts.Length == space.Count) { return [.. parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture))]; }
        }
        return [.. space.Names.Select((n, i) => space.Distributions[i].ToModel(t.Params[n]))];
    }

    /// <summary>Reflects x into [lo, hi] (periodically, so any genotype maps to a point in the box).</summary>
    internal static double Mirror(double x, double lo, double hi)
    {
        double w = hi - lo;
        if (w <= 0) { return lo; }
        if (x >= lo && x <= hi) { return x; }
        double y = (x - lo) % (2 * w);
        if (y < 0) { y += 2 * w; }
        return lo + (y > w ? 2 * w - y : y);
    }
}
