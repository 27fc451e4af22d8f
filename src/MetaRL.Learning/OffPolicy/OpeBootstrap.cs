using System.Numerics.Tensors;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// OBP's <c>estimate_confidence_interval_by_bootstrap</c>: resample the rows with replacement, take the mean of each
/// estimator's round rewards in the resample, and report the 2.5th and 97.5th percentiles of those means (numpy's
/// linear interpolation). All estimators share each resample, as OBP's do when given one <c>random_state</c>; the
/// self-normalised ones keep the normaliser of the full log, as OBP's round rewards do. Resample b draws from its own
/// generator seeded by (seed, b), so the interval does not depend on how many threads share the work.
/// A resample is drawn as counts (how often each row was drawn) and each mean is one dot product of the counts with the
/// round rewards, which keeps the memory traffic sequential.
/// </summary>
public static class OpeBootstrap
{
    /// <summary>OBP's significance level: a 95% interval.</summary>
    public const double Alpha = 0.05;

    /// <summary>The (low, high) 95% percentile interval of each array's mean.</summary>
    public static (double Low, double High)[] Intervals(IReadOnlyList<double[]> roundRewards, int samples, long seed)
    {
        ArgumentNullException.ThrowIfNull(roundRewards);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (roundRewards.Count == 0) { return []; }
        int n = roundRewards[0].Length;
        var means = new double[roundRewards.Count][];
        for (int e = 0; e < means.Length; e++) { means[e] = new double[samples]; }
        Parallel.For(0, samples, () => (Counts: new int[n], Weights: new double[n]), (b, _, scratch) =>
        {
            Resample(n, Generator(seed, b), scratch.Counts, scratch.Weights);
            for (int e = 0; e < means.Length; e++) { means[e][b] = TensorPrimitives.Dot(scratch.Weights, roundRewards[e]) / n; }
            return scratch;
        }, _ => { });
        var result = new (double, double)[means.Length];
        for (int e = 0; e < means.Length; e++)
        {
            Array.Sort(means[e]);
            result[e] = (Percentile(means[e], 100 * (Alpha / 2)), Percentile(means[e], 100 * (1 - Alpha / 2)));
        }
        return result;
    }

    /// <summary>The generator of resample <paramref name="b"/>.</summary>
    internal static Rng Generator(long seed, int b) => new(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)b));

    /// <summary>n draws with replacement from n rows, as counts per row (<paramref name="weights"/> holds them as doubles).
    /// Each 64-bit draw gives two indices by Lemire's multiply-shift on its halves; a half that falls in the biased zone is
    /// replaced by an exact <see cref="Rng.NextInt(int)"/>, so every index stays exactly uniform.</summary>
    internal static void Resample(int n, Rng rng, Span<int> counts, Span<double> weights)
    {
        counts.Clear();
        uint threshold = (uint)-n % (uint)n;
        for (int j = 0; j < n; j += 2)
        {
            ulong bits = rng.NextULong();
            counts[Index((uint)bits, n, threshold, rng)]++;
            if (j + 1 < n) { counts[Index((uint)(bits >> 32), n, threshold, rng)]++; }
        }
        for (int i = 0; i < n; i++) { weights[i] = counts[i]; }
    }

    private static int Index(uint half, int n, uint threshold, Rng rng)
    {
        ulong m = (ulong)half * (uint)n;
        return (uint)m < threshold ? rng.NextInt(n) : (int)(m >> 32);
    }

    /// <summary>numpy's default percentile of sorted values: linear interpolation between the ranks around q/100·(m − 1).</summary>
    public static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty) { throw new ArgumentException("no values", nameof(sorted)); }
        double rank = q / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
