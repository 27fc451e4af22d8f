using System.Numerics.Tensors;

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

    /// <summary>Writes θ + <paramref name="scale"/>·ε(<paramref name="seed"/>) into <paramref name="into"/>.</summary>
    public static void Perturb(ReadOnlySpan<float> theta, long seed, float scale, Span<float> into)
    {
        Fill(seed, into);
        for (int i = 0; i < into.Length; i++) { into[i] = theta[i] + scale * into[i]; }
    }

    /// <summary>
    /// The antithetic estimate Σⱼ cⱼ·εⱼ with cⱼ = (uⱼ⁺ − uⱼ⁻) / (2Nσ), from the pairs' seeds and their shaped fitnesses
    /// (⁺ at even, ⁻ at odd indices), accumulated in pair order into <paramref name="grad"/> (zeroed).
    /// </summary>
    public static void AntitheticGradient(IReadOnlyList<long> seeds, IReadOnlyList<double> shaped, double sigma, Span<float> grad)
    {
        int pairs = seeds.Count;
        var eps = new float[grad.Length];
        for (int j = 0; j < pairs; j++)
        {
            Fill(seeds[j], eps);
            float coef = (float)((shaped[2 * j] - shaped[2 * j + 1]) / (2 * pairs * sigma));
            TensorPrimitives.MultiplyAdd(eps, coef, grad, grad);
        }
    }
}
