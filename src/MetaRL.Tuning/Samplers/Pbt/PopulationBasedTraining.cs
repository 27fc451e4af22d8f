namespace MetaRL.Tuning;

/// <summary>
/// Runs PBT over a population of members with state <typeparamref name="TState"/> (see
/// <see cref="PbtOptions"/>). Every member-round is recorded as a trial of the study (hyperparameters as its
/// parameters, score as its value, with member, round and the member it copied as system attributes), so
/// the whole schedule is kept in the study's storage.
/// </summary>
public sealed class PopulationBasedTraining<TState>
{
    private readonly PbtOptions _options;
    private readonly PbtCallbacks<TState> _callbacks;
    private readonly SearchSpace _space;
    private readonly Rng _rng;

    public PopulationBasedTraining(SearchSpace space, PbtCallbacks<TState> callbacks, PbtOptions? options = null)
    {
        _options = options ?? new PbtOptions();
        if (_options.PopulationSize < 2) { throw new ArgumentException("PBT needs at least 2 members."); }
        _space = space;
        _callbacks = callbacks;
        _rng = new Rng(_options.Seed);
    }

    /// <summary>The final members: hyperparameters, state and last score.</summary>
    public IReadOnlyList<(Dictionary<string, double> Hyper, TState State, double Score)> Population { get; private set; } = [];

    /// <summary>Runs every round; returns the best final member's hyperparameters and score.</summary>
    public (Dictionary<string, double> Hyper, double Score) Run(Study study)
    {
        int n = _options.PopulationSize;
        var hyper = new Dictionary<string, double>[n];
        var state = new TState[n];
        var score = new double[n];
        var parent = new int[n];
        for (int i = 0; i < n; i++)
        {
            hyper[i] = _space.Names.Select((name, k) => (name, v: RandomSampler.Draw(_rng, _space.Distributions[k]))).ToDictionary(p => p.name, p => p.v);
            state[i] = _callbacks.Create(hyper[i], i);
            parent[i] = -1;
        }
        bool maximise = _options.Direction == StudyDirection.Maximize;
        for (int round = 0; round < _options.Rounds; round++)
        {
            for (int i = 0; i < n; i++)
            {
                study.Enqueue(hyper[i], _space.Names.Select((nm, k) => (nm, d: _space.Distributions[k])).ToDictionary(p => p.nm, p => p.d));
                var trial = study.Ask()!;
                trial.SetSystemAttr("pbt:member", i.ToString(CultureInfo.InvariantCulture));
                trial.SetSystemAttr("pbt:round", round.ToString(CultureInfo.InvariantCulture));
                trial.SetSystemAttr("pbt:parent", parent[i].ToString(CultureInfo.InvariantCulture));
                score[i] = _callbacks.TrainRound(state[i], hyper[i], round);
                study.Tell(trial, score[i]);
                parent[i] = -1;
            }
            if (round == _options.Rounds - 1) { break; }
            var ranked = Enumerable.Range(0, n).OrderBy(i => maximise ? -score[i] : score[i]).ToArray();
            int cut = (int)Math.Floor(_options.TruncationFraction * n);
            for (int b = 0; b < cut; b++)
            {
                int loser = ranked[n - 1 - b];
                int winner = ranked[_rng.NextInt(cut)];
                state[loser] = _callbacks.CopyCheckpoint(state[winner]);
                hyper[loser] = Explore(hyper[winner]);
                parent[loser] = winner;
            }
        }
        Population = [.. Enumerable.Range(0, n).Select(i => (hyper[i], state[i], score[i]))];
        int best = Enumerable.Range(0, n).OrderBy(i => maximise ? -score[i] : score[i]).First();
        return (new Dictionary<string, double>(hyper[best]), score[best]);
    }

    private Dictionary<string, double> Explore(Dictionary<string, double> source)
    {
        var result = new Dictionary<string, double>(source);
        for (int k = 0; k < _space.Count; k++)
        {
            string name = _space.Names[k];
            var d = _space.Distributions[k];
            if (d is CategoricalDistribution)
            {
                if (_rng.NextDouble() < _options.ResampleProbability) { result[name] = RandomSampler.Draw(_rng, d); }
                continue;
            }
            double factor = _options.PerturbFactors[_rng.NextInt(_options.PerturbFactors.Count)];
            double v = source[name] * factor;
            double clamped = d.FromModel(d.ToModel(Math.Clamp(v, d is FloatDistribution f ? f.Low : ((IntDistribution)d).Low, d is FloatDistribution g ? g.High : ((IntDistribution)d).High)));
            // An integer that the factor cannot move (e.g. 2 × 1.2 rounds back to 2) steps by one instead.
            if (d is IntDistribution && clamped == source[name]) { clamped = d.FromModel(source[name] + (factor > 1 ? 1 : -1)); }
            result[name] = clamped;
        }
        return result;
    }
}
