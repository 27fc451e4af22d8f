namespace MetaRL.Learning.Meta;

/// <summary>
/// Trials collected in lockstep, stored time-major [T, B] (observations [T, B, obs], actions [T, B, act]),
/// padded past each trial's end with <see cref="Valid"/> = 0. Holds what recurrent PPO needs (log-probs and
/// values at collection time) and what evaluation reports (each trial's return per inner episode).
/// </summary>
public sealed class TrialBatch(int steps, int trials, int observationSize, int actionSize)
{
    public int Steps { get; } = steps;

    public int Trials { get; } = trials;

    public int ObservationSize { get; } = observationSize;

    public int ActionSize { get; } = actionSize;

    public float[] Observations { get; } = new float[steps * trials * observationSize];

    public float[] Actions { get; } = new float[steps * trials * actionSize];

    public float[] LogProbs { get; } = new float[steps * trials];

    public float[] Values { get; } = new float[steps * trials];

    public float[] Rewards { get; } = new float[steps * trials];

    public float[] Valid { get; } = new float[steps * trials];

    /// <summary>Each trial's return per inner episode, in order.</summary>
    public List<double>[] EpisodeReturns { get; } = [.. Enumerable.Range(0, trials).Select(_ => new List<double>())];

    /// <summary>Total reward of each trial.</summary>
    public double[] TrialReturns() => [.. EpisodeReturns.Select(e => e.Sum())];

    /// <summary>Number of valid steps.</summary>
    public long ValidSteps => (long)Valid.Sum();

    /// <summary>Concatenates batches along the trial axis (padding shorter ones).</summary>
    public static TrialBatch Concat(IReadOnlyList<TrialBatch> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        int t = parts.Max(p => p.Steps), n = parts.Sum(p => p.Trials), od = parts[0].ObservationSize, ad = parts[0].ActionSize;
        var all = new TrialBatch(t, n, od, ad);
        int offset = 0;
        foreach (var p in parts)
        {
            for (int s = 0; s < p.Steps; s++)
            {
                for (int b = 0; b < p.Trials; b++)
                {
                    int src = s * p.Trials + b, dst = s * n + offset + b;
                    Array.Copy(p.Observations, src * od, all.Observations, dst * od, od);
                    Array.Copy(p.Actions, src * ad, all.Actions, dst * ad, ad);
                    all.LogProbs[dst] = p.LogProbs[src];
                    all.Values[dst] = p.Values[src];
                    all.Rewards[dst] = p.Rewards[src];
                    all.Valid[dst] = p.Valid[src];
                }
            }
            for (int b = 0; b < p.Trials; b++) { all.EpisodeReturns[offset + b].AddRange(p.EpisodeReturns[b]); }
            offset += p.Trials;
        }
        return all;
    }
}
