namespace MetaRL.Tuning;

/// <summary>
/// Hyperband (Li et al., JMLR 2018) as a pruner: brackets of successive halving with different first
/// rungs (s = 0 … s_max, s_max = ⌊log_η(R/r)⌋); each trial joins one bracket, drawn by its number with
/// probability proportional to the bracket's Hyperband budget ⌈(s_max+1)/(s_max−s+1)⌉·η^(s_max−s), and
/// competes only with trials of its bracket.
/// </summary>
public sealed class HyperbandPruner : Pruner
{
    private readonly SuccessiveHalvingPruner[] _brackets;
    private readonly double[] _cumulative;

    /// <param name="minResource">r: steps before the first rung of the most aggressive bracket.</param>
    /// <param name="maxResource">R: steps of a fully trained trial.</param>
    /// <param name="reductionFactor">η (3 by default, as in the paper).</param>
    public HyperbandPruner(int minResource = 1, int maxResource = 81, int reductionFactor = 3)
    {
        if (minResource < 1 || maxResource < minResource || reductionFactor < 2) { throw new ArgumentException("Hyperband needs 1 ≤ r ≤ R and η ≥ 2."); }
        int sMax = (int)Math.Floor(Math.Log(maxResource / (double)minResource, reductionFactor) + 1e-9);
        _brackets = new SuccessiveHalvingPruner[sMax + 1];
        var weights = new double[sMax + 1];
        for (int s = 0; s <= sMax; s++)
        {
            int bracket = s;
            _brackets[s] = new SuccessiveHalvingPruner
            {
                MinResource = minResource, ReductionFactor = reductionFactor, MinEarlyStoppingRate = s,
                Competes = t => BracketOf(t.Number) == bracket,
            };
            weights[s] = Math.Ceiling((sMax + 1.0) / (sMax - s + 1)) * Math.Pow(reductionFactor, sMax - s);
        }
        _cumulative = new double[sMax + 1];
        double total = weights.Sum(), acc = 0;
        for (int s = 0; s <= sMax; s++) { acc += weights[s] / total; _cumulative[s] = acc; }
    }

    public int BracketCount => _brackets.Length;

    /// <summary>The bracket of a trial number (a fixed hash, so every worker agrees).</summary>
    public int BracketOf(int number)
    {
        ulong h = (ulong)number * 0x9E3779B97F4A7C15UL;
        h ^= h >> 31;
        h *= 0xBF58476D1CE4E5B9UL;
        h ^= h >> 29;
        double u = (h >> 11) * (1.0 / (1UL << 53));
        for (int s = 0; s < _cumulative.Length; s++) { if (u < _cumulative[s]) { return s; } }
        return _cumulative.Length - 1;
    }

    public override bool Prune(Study study, FrozenTrial trial) => _brackets[BracketOf(trial.Number)].Prune(study, trial);
}
