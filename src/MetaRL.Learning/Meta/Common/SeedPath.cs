namespace MetaRL.Learning.Meta;

/// <summary>
/// Derives independent seeds from a run seed and a path of indices (iteration, task index, …) with the
/// SplitMix64 finaliser, so every task of a meta-batch gets the same seed whether the batch runs on one
/// thread or many, and results never depend on scheduling.
/// </summary>
public static class SeedPath
{
    /// <summary>A seed for <paramref name="path"/> under <paramref name="seed"/>.</summary>
    public static long Derive(long seed, params ReadOnlySpan<long> path)
    {
        ulong h = Mix(unchecked((ulong)seed) ^ 0x6A09E667F3BCC908UL);
        foreach (long p in path) { h = Mix(h ^ Mix(unchecked((ulong)p) + 0x9E3779B97F4A7C15UL)); }
        return unchecked((long)h);
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
