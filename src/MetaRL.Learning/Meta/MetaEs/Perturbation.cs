namespace MetaRL.Learning.Meta;

/// <summary>
/// A perturbation ε ~ N(0, I) over all weights, regenerated from its seed on demand: workers exchange
/// only (seed, fitness) pairs and every process rebuilds the same noise (Salimans et al. 2017, §2.1).
/// </summary>
public static class Perturbation
{
    /// <summary>Writes the noise of <paramref name="seed"/> into <paramref name="into"/>.</summary>
    public static void Fill(long seed, Span<float> into)
    {
        var rng = new Rng(seed);
        for (int i = 0; i < into.Length; i++) { into[i] = (float)rng.Normal(); }
    }
}
