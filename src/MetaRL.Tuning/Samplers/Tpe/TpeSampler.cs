namespace MetaRL.Tuning;

/// <summary>
/// TPE: split the finished trials into the γ best ("good", density l) and the rest ("bad", density g),
/// draw candidates from l and keep the one with the largest l(x)/g(x), which maximises expected
/// improvement under the TPE model (Bergstra et al. 2011). Complete trials rank by value; pruned trials
/// (<see cref="TpeOptions.ConsiderPrunedTrials"/>) rank after them, and trials other workers are running join
/// the bad group (<see cref="TpeOptions.ConstantLiar"/>). See <see cref="TpeOptions"/>.
/// </summary>
public sealed class TpeSampler : Sampler
{
    private readonly TpeOptions _options;
    private readonly Rng _rng;

    public TpeSampler(TpeOptions? options = null, int worker = 0)
    {
        _options = options ?? new TpeOptions();
        _rng = new Rng(_options.Seed * 15485863 + worker);
    }

    public override SearchSpace InferRelativeSearchSpace(Study study) =>
        _options.Multivariate ? _options.SearchSpace ?? study.IntersectionSearchSpace : SearchSpace.Empty;

    public override IReadOnlyDictionary<string, double> SampleRelative(Study study, Trial trial, SearchSpace space)
    {
        var result = new Dictionary<string, double>();
        if (trial.FixedParamCount > 0) { return result; }
        var point = SampleJoint(study, space);
        if (point is null) { return result; }
        for (int i = 0; i < space.Count; i++)
        {
            var d = space.Distributions[i];
            result[space.Names[i]] = d is CategoricalDistribution ? point[i] : d.FromUnit(point[i]);
        }
        return result;
    }

    public override double SampleIndependent(Study study, Trial trial, string name, ParamDistribution distribution)
    {
        var space = new SearchSpace([KeyValuePair.Create(name, distribution)]);
        var point = SampleJoint(study, space);
        if (point is null) { return RandomSampler.Draw(_rng, distribution); }
        return distribution is CategoricalDistribution ? point[0] : distribution.FromUnit(point[0]);
    }

    private double[]? SampleJoint(Study study, SearchSpace space)
    {
        if (space.Count == 0 || Split(study, space) is not var (goodTrials, badTrials)) { return null; }
        var choices = space.Distributions.Select(d => d is CategoricalDistribution c ? c.Choices.Count : 0).ToArray();
        double[] Encode(FrozenTrial t) =>
            [.. space.Names.Select((n, i) => choices[i] > 0 ? t.Params[n] : space.Distributions[i].ToUnit(t.Params[n]))];
        var good = new ParzenEstimator([.. goodTrials.Select(Encode)], choices, _options.PriorWeight);
        var bad = new ParzenEstimator([.. badTrials.Select(Encode)], choices, _options.PriorWeight);
        double[]? best = null;
        double bestScore = double.NegativeInfinity;
        for (int k = 0; k < _options.Candidates; k++)
        {
            var x = good.Sample(_rng);
            double score = good.LogPdf(x) - bad.LogPdf(x);
            if (score > bestScore) { bestScore = score; best = x; }
        }
        return best;
    }

    /// <summary>
    /// The good and bad groups over <paramref name="space"/>, or null while too few trials have finished: the
    /// γ(n) best ranked trials are good, the other ranked trials bad, and with the constant liar the trials other
    /// workers are running are bad too and count in n (as in Optuna), though never good.
    /// </summary>
    internal (List<FrozenTrial> Good, List<FrozenTrial> Bad)? Split(Study study, SearchSpace space)
    {
        var sorted = Ranked(study, space);
        if (sorted.Count < _options.StartupTrials || sorted.Count < 2) { return null; }
        var liars = _options.ConstantLiar ? study.RunningTrials.Where(space.Covers).ToList() : [];
        int nGood = Math.Clamp(_options.Gamma(sorted.Count + liars.Count), 1, liars.Count > 0 ? sorted.Count : sorted.Count - 1);
        return (sorted.Take(nGood).ToList(), [.. sorted.Skip(nGood), .. liars]);
    }

    /// <summary>Complete trials by loss, then (optionally) pruned trials: later pruning step first, then by
    /// the loss of their last intermediate value; pruned trials without any reported value last.</summary>
    internal List<FrozenTrial> Ranked(Study study, SearchSpace space)
    {
        var ranked = study.CompleteTrials.Where(space.Covers).OrderBy(t => Loss(study, t)).ToList();
        if (!_options.ConsiderPrunedTrials) { return ranked; }
        double sign = study.Direction == StudyDirection.Minimize ? 1 : -1;
        ranked.AddRange(study.FinishedTrials
            .Where(t => t.State == TrialState.Pruned && space.Covers(t))
            .OrderByDescending(t => t.IntermediateValues.Count > 0 ? t.IntermediateValues.Keys.Max() : int.MinValue)
            .ThenBy(t => t.IntermediateValues.Count > 0 ? sign * t.IntermediateValues[t.IntermediateValues.Keys.Max()] : double.PositiveInfinity)
            .ThenBy(t => t.Number));
        return ranked;
    }
}
