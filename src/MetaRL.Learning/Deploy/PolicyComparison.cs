using System.Diagnostics;

namespace MetaRL.Learning.Deploy;

/// <summary>
/// Two policies of one environment played greedily on the same seeded episodes: each one's returns, how often the
/// second takes the first's action on the states the first visits, and each one's latency per action. What every
/// compression reports.
/// </summary>
/// <param name="Before">The original policy's greedy returns.</param>
/// <param name="After">The other policy's greedy returns on the same seeded episodes.</param>
/// <param name="Agreement">Share of the states the original visits on those episodes where both take the same action
/// (discrete), or where every action component, clipped to the action space as the environment gets it, differs by at
/// most 1% of its range (continuous).</param>
/// <param name="MaxActionDifference">Largest absolute difference of an action component over those states.</param>
/// <param name="Decisions">The states compared.</param>
/// <param name="MicrosecondsBefore">Median microseconds per greedy action of the original.</param>
/// <param name="MicrosecondsAfter">The same for the other policy.</param>
public sealed record PolicyComparison(
    EvaluationResult Before,
    EvaluationResult After,
    double Agreement,
    double MaxActionDifference,
    long Decisions,
    double MicrosecondsBefore,
    double MicrosecondsAfter)
{
    /// <summary>Greedy actions timed per batch, and batches (the median is reported).</summary>
    private const int TimedActions = 2000, TimedBatches = 5;

    /// <summary>Plays <paramref name="original"/> and <paramref name="other"/> on <paramref name="episodes"/> episodes of
    /// <paramref name="config"/>'s environment from <paramref name="seed"/>.</summary>
    public static PolicyComparison Measure(TrainConfig config, Algorithm original, Algorithm other, int episodes, long seed)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(other);
        var env = config.CreateEnv();
        var action = new float[env.ActionSpace.Size];
        List<float> taken = [], chosen = [];
        var first = Evaluation.Run(original, env, episodes, seed, onStep: (t, obs, act) =>
        {
            if (t == 0) { (other as IRecurrentActor)?.ResetState(); }
            other.ActGreedy(obs, action);
            (env.ActionSpace as Box)?.Clip(action);
            taken.AddRange(act);
            chosen.AddRange(action);
        });
        var second = Evaluation.Run(other, config.CreateEnv(), episodes, seed);
        var (agreement, maxDiff, decisions) = Agree([.. taken], [.. chosen], null, Tolerances(env.ActionSpace));
        return new PolicyComparison(first, second, agreement, maxDiff, decisions, MicrosecondsPerAction(original, env), MicrosecondsPerAction(other, env));
    }

    /// <summary>Share of rows of actions <paramref name="a"/> and <paramref name="b"/> (where <paramref name="valid"/> is 1,
    /// or all) whose every component agrees within its tolerance, the largest difference, and the rows compared.</summary>
    internal static (double Agreement, double MaxDiff, long Decisions) Agree(float[] a, float[] b, float[]? valid, double[] tolerance)
    {
        int width = tolerance.Length, rows = a.Length / width;
        long agreed = 0, decisions = 0;
        double maxDiff = 0;
        for (int r = 0; r < rows; r++)
        {
            if (valid is not null && valid[r] == 0) { continue; }
            bool same = true;
            for (int i = 0; i < width; i++)
            {
                double diff = Math.Abs(a[r * width + i] - b[r * width + i]);
                maxDiff = Math.Max(maxDiff, diff);
                same &= diff <= tolerance[i];
            }
            decisions++;
            if (same) { agreed++; }
        }
        return (decisions == 0 ? 1 : (double)agreed / decisions, maxDiff, decisions);
    }

    /// <summary>Per action component: 0 for a discrete action (it must match), 1% of the range for a bounded continuous one.</summary>
    internal static double[] Tolerances(Space actions) => actions is Box box
        ? [.. Enumerable.Range(0, box.Size).Select(i => float.IsFinite(box.High[i] - box.Low[i]) ? 0.01 * (box.High[i] - box.Low[i]) : 0.01)]
        : new double[actions.Size];

    private static double MicrosecondsPerAction(Algorithm algorithm, Env env)
    {
        var obs = env.NewObservation();
        env.Reset(obs, 0);
        var action = new float[env.ActionSpace.Size];
        return MedianMicroseconds(() => algorithm.ActGreedy(obs, action));
    }

    /// <summary>The median over a few batches of the microseconds one call of <paramref name="act"/> takes (after a warm-up).</summary>
    internal static double MedianMicroseconds(Action act)
    {
        for (int i = 0; i < TimedActions / 10; i++) { act(); }
        var us = new double[TimedBatches];
        for (int b = 0; b < TimedBatches; b++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < TimedActions; i++) { act(); }
            us[b] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds / TimedActions;
        }
        Array.Sort(us);
        return us[TimedBatches / 2];
    }
}
