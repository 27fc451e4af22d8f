using System.Collections.Concurrent;

namespace MetaRL.Envs;

/// <summary>
/// The finite-horizon Gittins index of a Bernoulli arm with a Beta(1 + s, 1 + f) posterior (Gittins 1979;
/// the finite-horizon variant as in Niño-Mora 2011), computed by calibration: the index for h remaining
/// pulls is the constant reward λ per pull at which a player is indifferent between retiring to λ for all
/// h pulls and pulling the arm now with the option to retire later. For fixed λ the value is a dynamic
/// programme over the O(h²) posterior states reachable in h pulls; λ is found by bisection to 1e-9.
/// <para>The approximation: the exact Bayes-optimal policy of a k-armed finite-horizon bandit is not an
/// index policy; we use each arm's finite-horizon index with the trial's remaining pulls as horizon,
/// capped at <see cref="BaselineOptions.GittinsHorizonCap"/> to keep the cost bounded (with one pull left the
/// index is the posterior mean, so the policy turns greedy at the end, as it should).</para>
/// </summary>
public static class GittinsIndex
{
    private static readonly ConcurrentDictionary<(int S, int F, int H), double> Cache = new();

    /// <summary>The index for s successes, f failures and h remaining pulls.</summary>
    public static double Compute(int s, int f, int h)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(s);
        ArgumentOutOfRangeException.ThrowIfNegative(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(h, 1);
        if (h == 1) { return (s + 1.0) / (s + f + 2.0); }
        return Cache.GetOrAdd((s, f, h), key => Calibrate(key.S, key.F, key.H));
    }

    private static double Calibrate(int s, int f, int h)
    {
        double lo = (s + 1.0) / (s + f + 2.0), hi = 1.0; // the index is at least the posterior mean
        var buffers = (new double[h + 2], new double[h + 2]);
        while (hi - lo > 1e-9)
        {
            double mid = 0.5 * (lo + hi);
            if (ContinueValue(s, f, h, mid, buffers) > h * mid) { lo = mid; } else { hi = mid; }
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Value of pulling now (then acting optimally with retirement to λ) over h pulls.</summary>
    private static double ContinueValue(int s, int f, int h, double lambda, (double[] A, double[] B) buffers)
    {
        var next = buffers.A;
        var cur = buffers.B;
        // V at depth h (no pulls left) is 0 for every node.
        Array.Clear(next, 0, h + 1);
        for (int d = h - 1; d >= 0; d--)
        {
            int remaining = h - d;
            for (int i = 0; i <= d; i++)
            {
                int ss = s + i, ff = f + (d - i);
                double p = (ss + 1.0) / (ss + ff + 2.0);
                double pull = p * (1 + next[i + 1]) + (1 - p) * next[i];
                cur[i] = d == 0 ? pull : Math.Max(remaining * lambda, pull);
            }
            (next, cur) = (cur, next);
        }
        return next[0];
    }
}

/// <summary>Pulls the arm with the largest finite-horizon Gittins index (see <see cref="GittinsIndex"/>).</summary>
public sealed class GittinsBandit(int horizonCap) : ScoredBandit
{
    public override string Name => "gittins";

    protected override double Score(int arm, Rng rng) => GittinsIndex.Compute(Successes[arm], Failures[arm], Math.Clamp(Horizon - Pulls, 1, horizonCap));
}
