namespace MetaRL.Tuning;

/// <summary>
/// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter
/// Tuning", MLSys 2020). Rung k sits at step r·η^(s+k); when a trial first reports at or beyond a rung
/// it continues only if its value there ranks in the top 1/η of every trial that reached the rung (the
/// best one when fewer than η have). Rung values come from the trials' own intermediate values, so
/// nothing extra is stored.
/// </summary>
public sealed class SuccessiveHalvingPruner : Pruner
{
    /// <summary>Steps before the first rung (r).</summary>
    /// <value>The default value is 1.</value>
    public int MinResource { get; init; } = 1;

    /// <summary>η: one in η trials is promoted at each rung.</summary>
    /// <value>The default value is 3.</value>
    public int ReductionFactor { get; init; } = 3;

    /// <summary>s: the first rung is at r·η^s.</summary>
    /// <value>The default value is 0.</value>
    public int MinEarlyStoppingRate { get; init; }

    /// <summary>Only trials for which this returns true compete (Hyperband uses it to separate brackets).</summary>
    internal Func<FrozenTrial, bool> Competes { get; init; } = _ => true;

    public override bool Prune(Study study, FrozenTrial trial)
    {
        if (trial.IntermediateValues.Count == 0) { return false; }
        int step = trial.IntermediateValues.Keys.Max();
        List<FrozenTrial>? all = null;
        for (int k = 0; ; k++)
        {
            double rung = MinResource * Math.Pow(ReductionFactor, MinEarlyStoppingRate + k);
            if (rung > step) { return false; }
            if (FirstStepAtOrAfter(trial, rung) != step) { continue; }
            all ??= [.. study.Trials.Where(t => t.Id != trial.Id && Competes(t))];
            var values = all.Select(t => (Found: FirstStepAtOrAfter(t, rung) is int s, Value: ValueAt(t, rung))).Where(v => v.Found).Select(v => v.Value).ToList();
            double mine = trial.IntermediateValues[step];
            values.Add(mine);
            values.Sort();
            if (study.Direction == StudyDirection.Maximize) { values.Reverse(); }
            int index = Math.Max(0, values.Count / ReductionFactor - 1);
            if (study.IsBetter(values[index], mine)) { return true; }
        }
    }

    private static int? FirstStepAtOrAfter(FrozenTrial t, double rung)
    {
        int? first = null;
        foreach (var s in t.IntermediateValues.Keys) { if (s >= rung && (first is null || s < first)) { first = s; } }
        return first;
    }

    private static double ValueAt(FrozenTrial t, double rung) => FirstStepAtOrAfter(t, rung) is int s ? t.IntermediateValues[s] : double.NaN;
}
