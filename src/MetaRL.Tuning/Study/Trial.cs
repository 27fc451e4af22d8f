namespace MetaRL.Tuning;

/// <summary>
/// A running trial, handed to the objective (define-by-run): each <c>Suggest…</c> call declares a
/// parameter and returns its value for this trial; <see cref="Report"/> records intermediate values and
/// <see cref="ShouldPrune"/> asks the study's pruner whether to stop.
/// </summary>
public sealed class Trial
{
    private readonly Study _study;
    private readonly Dictionary<string, double> _params;
    private readonly Dictionary<string, ParamDistribution> _dists;
    private readonly SortedDictionary<int, double> _intermediate = [];
    private readonly Dictionary<string, string> _attrs;
    private IReadOnlyDictionary<string, double> _relative = new Dictionary<string, double>();
    private SearchSpace _relativeSpace = SearchSpace.Empty;

    internal Trial(Study study, FrozenTrial claimed)
    {
        _study = study;
        Id = claimed.Id;
        Number = claimed.Number;
        Start = claimed.Start ?? DateTime.UtcNow;
        _params = new(claimed.Params);
        _dists = new(claimed.Distributions);
        _attrs = new(claimed.SystemAttrs);
        FixedParamCount = _params.Count;
    }

    /// <summary>Storage-wide id.</summary>
    public long Id { get; }

    /// <summary>Number within the study.</summary>
    public int Number { get; }

    public DateTime Start { get; }

    /// <summary>How many parameters were fixed before the trial started (enqueued trials and retries).</summary>
    public int FixedParamCount { get; }

    /// <summary>Parameters suggested so far, as user values.</summary>
    public IReadOnlyDictionary<string, object> Params => _params.ToDictionary(kv => kv.Key, kv => _dists[kv.Key].ToExternal(kv.Value));

    /// <summary>Parameters suggested so far, as internal values.</summary>
    public IReadOnlyDictionary<string, double> InternalParams => _params;

    public IReadOnlyDictionary<string, string> SystemAttrs => _attrs;

    public IReadOnlyDictionary<int, double> IntermediateValues => _intermediate;

    internal void SetRelative(SearchSpace space, IReadOnlyDictionary<string, double> values)
    {
        _relativeSpace = space;
        _relative = values;
    }

    /// <summary>A real parameter in [low, high] (log-uniform when <paramref name="log"/>; on a grid when <paramref name="step"/> is given).</summary>
    public double SuggestFloat(string name, double low, double high, bool log = false, double? step = null) =>
        Suggest(name, new FloatDistribution(low, high, log, step));

    /// <summary>An integer parameter in [low, high].</summary>
    public long SuggestInt(string name, long low, long high, bool log = false) =>
        (long)Suggest(name, new IntDistribution(low, high, log));

    /// <summary>One of the given choices.</summary>
    public string SuggestCategorical(string name, IReadOnlyList<string> choices) =>
        choices[(int)Suggest(name, new CategoricalDistribution(choices))];

    /// <summary>One of the given choices of any type (identified by their invariant text).</summary>
    public T SuggestCategorical<T>(string name, IReadOnlyList<T> choices) =>
        choices[(int)Suggest(name, new CategoricalDistribution([.. choices.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "")]))];

    /// <summary>Declares a parameter and returns its internal value.</summary>
    public double Suggest(string name, ParamDistribution distribution)
    {
        if (_params.TryGetValue(name, out var existing))
        {
            if (!_dists[name].Equals(distribution) && !distribution.Contains(existing))
            {
                throw new ArgumentException($"Parameter '{name}' was already suggested with {_dists[name].Serialize()}, not {distribution.Serialize()}.");
            }
            return existing;
        }
        double value;
        int index = _relativeSpace.IndexOf(name);
        if (index >= 0 && _relativeSpace.Distributions[index].Equals(distribution) && _relative.TryGetValue(name, out var rel))
        {
            value = rel;
        }
        else
        {
            value = _study.Sampler.SampleIndependent(_study, this, name, distribution);
        }
        if (!distribution.Contains(value))
        {
            throw new InvalidOperationException($"Sampler {_study.Sampler.GetType().Name} returned {value} for '{name}', outside {distribution.Serialize()}.");
        }
        _params[name] = value;
        _dists[name] = distribution;
        _study.Storage.SetParam(Id, name, value, distribution);
        return value;
    }

    /// <summary>Records an intermediate value (e.g. validation score after <paramref name="step"/> epochs).</summary>
    public void Report(int step, double value)
    {
        if (!double.IsFinite(value)) { throw new ArgumentException($"Intermediate value at step {step} is not finite ({value})."); }
        _intermediate[step] = value;
        _study.Storage.SetIntermediate(Id, step, value);
    }

    /// <summary>Asks the study's pruner whether this trial should stop (then throw <see cref="TrialPrunedException"/>).</summary>
    public bool ShouldPrune() => _study.Pruner.Prune(_study, Snapshot());

    /// <summary>Stores a bookkeeping attribute with the trial (samplers and pruners use these).</summary>
    public void SetSystemAttr(string key, string value)
    {
        _attrs[key] = value;
        _study.Storage.SetSystemAttr(Id, key, value);
    }

    /// <summary>This trial as a Running snapshot.</summary>
    public FrozenTrial Snapshot() => new()
    {
        Id = Id, Number = Number, State = TrialState.Running, Params = new Dictionary<string, double>(_params),
        Distributions = new Dictionary<string, ParamDistribution>(_dists), IntermediateValues = new SortedDictionary<int, double>(_intermediate),
        SystemAttrs = new Dictionary<string, string>(_attrs), Start = Start,
    };
}
