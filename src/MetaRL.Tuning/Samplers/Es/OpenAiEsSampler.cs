namespace MetaRL.Tuning;

/// <summary>
/// OpenAI-ES as a study sampler (see <see cref="OpenAiEsOptions"/>). Member i of generation g evaluates
/// θ ± σ ε with ε drawn from a generator seeded by (seed, g, i/2), so the noise is shared by construction,
/// as in the paper's shared noise table; members are numbered by a counter the study keeps, so each is handed
/// to one worker only; a generation is told the first N trials of it to complete, so all workers agree on θ.
/// </summary>
public sealed class OpenAiEsSampler : Sampler
{
    private const string GenKey = "es:gen", MemberKey = "es:member";
    private readonly OpenAiEsOptions _options;
    private readonly Rng _rng;
    private readonly Dictionary<int, List<FrozenTrial>> _buckets = [];
    private SearchSpace? _space;
    private double[] _theta = [], _m = [], _v = [];
    private int _generation, _cursor, _adamStep;

    public OpenAiEsSampler(OpenAiEsOptions? options = null, int worker = 0)
    {
        _options = options ?? new OpenAiEsOptions();
        if (_options.PopulationSize < 2 || _options.PopulationSize % 2 != 0) { throw new ArgumentException("The ES population must be even and at least 2."); }
        _rng = new Rng(_options.Seed * 31 + worker + 1);
        _space = _options.SearchSpace?.NumericOnly();
    }

    /// <summary>The current mean in unit-cube coordinates.</summary>
    public IReadOnlyList<double> Theta => _theta;

    public int Generation => _generation;

    public override SearchSpace InferRelativeSearchSpace(Study study)
    {
        if (_space is null)
        {
            var s = study.IntersectionSearchSpace.NumericOnly();
            if (s.Count > 0) { _space = s; }
        }
        return _space ?? SearchSpace.Empty;
    }

    public override double SampleIndependent(Study study, Trial trial, string name, ParamDistribution distribution) =>
        RandomSampler.Draw(_rng, distribution);

    public override IReadOnlyDictionary<string, double> SampleRelative(Study study, Trial trial, SearchSpace space)
    {
        var result = new Dictionary<string, double>();
        if (trial.FixedParamCount > 0) { return result; }
        if (_theta.Length == 0)
        {
            _theta = [.. space.Names.Select((n, i) => _options.X0 is not null && _options.X0.TryGetValue(n, out var v) ? space.Distributions[i].ToUnit(v) : 0.5)];
            _m = new double[space.Count];
            _v = new double[space.Count];
        }
        Advance(study, space);
        // Members are handed out by the study, not by this worker, so workers sharing it never evaluate the same one.
        int member = (int)(study.Storage.NextInSequence(study.Info.Id, "es:gen:" + _generation.ToString(CultureInfo.InvariantCulture)) % _options.PopulationSize);
        var eps = Noise(_generation, member / 2, space.Count);
        double sign = member % 2 == 0 ? 1 : -1;
        for (int i = 0; i < space.Count; i++)
        {
            result[space.Names[i]] = space.Distributions[i].FromUnit(_theta[i] + sign * _options.Sigma * eps[i]);
        }
        trial.SetSystemAttr(GenKey, _generation.ToString(CultureInfo.InvariantCulture));
        trial.SetSystemAttr(MemberKey, member.ToString(CultureInfo.InvariantCulture));
        return result;
    }

    private double[] Noise(int generation, int pair, int dim)
    {
        var rng = new Rng(_options.Seed * 1_000_003 + generation * 65_537L + pair);
        var eps = new double[dim];
        for (int i = 0; i < dim; i++) { eps[i] = rng.Normal(); }
        return eps;
    }

    private void Advance(Study study, SearchSpace space)
    {
        var complete = study.CompleteTrials;
        for (; _cursor < complete.Count; _cursor++)
        {
            var t = complete[_cursor];
            if (!t.SystemAttrs.TryGetValue(GenKey, out var g) || !t.SystemAttrs.ContainsKey(MemberKey) || !space.Covers(t)) { continue; }
            int gen = int.Parse(g, CultureInfo.InvariantCulture);
            if (gen < _generation) { continue; }
            if (!_buckets.TryGetValue(gen, out var list)) { _buckets[gen] = list = []; }
            list.Add(t);
        }
        int n = _options.PopulationSize;
        while (_buckets.TryGetValue(_generation, out var members) && members.Count >= n)
        {
            _buckets.Remove(_generation);
            Update(study, [.. members.Take(n)], space.Count);
            _generation++;
        }
    }

    private void Update(Study study, List<FrozenTrial> members, int dim)
    {
        int n = members.Count;
        // Centred ranks in [−0.5, 0.5] of the fitness (−loss: ES ascends).
        var order = Enumerable.Range(0, n).OrderBy(i => -Loss(study, members[i])).ToArray();
        var shaped = new double[n];
        for (int r = 0; r < n; r++) { shaped[order[r]] = r / (double)(n - 1) - 0.5; }
        var grad = new double[dim];
        for (int k = 0; k < n; k++)
        {
            int member = int.Parse(members[k].SystemAttrs[MemberKey], CultureInfo.InvariantCulture);
            var eps = Noise(_generation, member / 2, dim);
            double sign = member % 2 == 0 ? 1 : -1;
            for (int i = 0; i < dim; i++) { grad[i] += shaped[k] * sign * eps[i]; }
        }
        // Adam ascent (Kingma and Ba 2015; β1 0.9, β2 0.999).
        _adamStep++;
        for (int i = 0; i < dim; i++)
        {
            double g = grad[i] / (n * _options.Sigma) - _options.WeightDecay * _theta[i];
            _m[i] = 0.9 * _m[i] + 0.1 * g;
            _v[i] = 0.999 * _v[i] + 0.001 * g * g;
            double mHat = _m[i] / (1 - Math.Pow(0.9, _adamStep)), vHat = _v[i] / (1 - Math.Pow(0.999, _adamStep));
            _theta[i] = Math.Clamp(_theta[i] + _options.LearningRate * mHat / (Math.Sqrt(vHat) + 1e-8), 0, 1);
        }
    }
}
