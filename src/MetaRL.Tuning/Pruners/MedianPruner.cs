namespace MetaRL.Tuning;

/// <summary>
/// Prunes a trial whose best intermediate value so far is worse than the median of the complete trials'
/// values at the same step (the median stopping rule of Google Vizier, Golovin et al. 2017).
/// </summary>
public sealed class MedianPruner : Pruner
{
    /// <summary>Complete trials needed before anything is pruned.</summary>
    /// <value>The default value is 5.</value>
    public int StartupTrials { get; init; } = 5;

    /// <summary>Steps of a trial that are never pruned.</summary>
    /// <value>The default value is 0.</value>
    public int WarmupSteps { get; init; }

    /// <summary>Pruning is checked every this many steps after the warm-up.</summary>
    /// <value>The default value is 1.</value>
    public int IntervalSteps { get; init; } = 1;

    public override bool Prune(Study study, FrozenTrial trial)
    {
        if (trial.IntermediateValues.Count == 0) { return false; }
        int step = trial.IntermediateValues.Keys.Max();
        if (step < WarmupSteps || (step - WarmupSteps) % Math.Max(1, IntervalSteps) != 0) { return false; }
        var complete = study.CompleteTrials;
        if (complete.Count < StartupTrials) { return false; }
        var others = complete.Where(t => t.IntermediateValues.ContainsKey(step)).Select(t => t.IntermediateValues[step]).ToList();
        if (others.Count == 0) { return false; }
        others.Sort();
        double median = others.Count % 2 == 1 ? others[others.Count / 2] : 0.5 * (others[others.Count / 2 - 1] + others[others.Count / 2]);
        double best = study.Direction == StudyDirection.Minimize ? trial.IntermediateValues.Values.Min() : trial.IntermediateValues.Values.Max();
        return study.IsBetter(median, best);
    }
}
