using MetaRL.Distributions;

namespace MetaRL.Learning.Explain;

/// <summary>
/// Explains a stateless actor-critic's decision (PPO, A2C and REINFORCE runs): the action it takes greedily, its
/// distribution and value, and integrated-gradients attributions of log π(a | x) (a held fixed at the chosen action)
/// and of V(x) against a baseline observation. With observation normalisation both points are normalised as the policy
/// sees them and the path runs between them; normalisation is affine per feature, which integrated gradients is
/// invariant to, so the attributions are those of the raw features wherever the normalisation's clip is not reached.
/// </summary>
public static class PolicyExplainer
{
    /// <summary>Explains <paramref name="policy"/>'s decision at <paramref name="observation"/>.</summary>
    /// <param name="policy">A trained stateless actor-critic.</param>
    /// <param name="normalizer">The observation statistics the policy was trained with, or null.</param>
    /// <param name="observation">The raw observation explained.</param>
    /// <param name="baseline">The raw reference observation.</param>
    /// <param name="features">One name per observation component.</param>
    /// <param name="options">Integration settings; null for the defaults.</param>
    public static PolicyExplanation Explain(ActorCritic policy, ObservationNormalizer? normalizer, ReadOnlySpan<float> observation, ReadOnlySpan<float> baseline,
        IReadOnlyList<string> features, IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(features);
        int d = observation.Length;
        if (baseline.Length != d || features.Count != d) { throw new ArgumentException($"the observation has {d} values, the baseline {baseline.Length} and the names {features.Count}"); }
        var x = PolicyInput(normalizer, observation);
        var b = PolicyInput(normalizer, baseline);
        float[] action;
        IReadOnlyList<double>? probs = null, mean = null, std = null;
        double value;
        using (Autograd.Autograd.NoGrad())
        {
            var input = Tensor.FromArray(x, 1, d);
            var dist = policy.Policy(input);
            action = dist.Mode().ToFloatArray();
            value = policy.Value(input)[0];
            switch (dist)
            {
                case Categorical c: probs = Doubles(c.Probs); break;
                case DiagGaussian g: mean = Doubles(g.Mean); std = Doubles(g.Std); break;
            }
        }
        int width = action.Length;
        Tensor LogProb(Tensor inputs)
        {
            int n = inputs.Dim(0);
            var repeated = new float[n * width];
            for (int r = 0; r < n; r++) { action.CopyTo(repeated, r * width); }
            var chosen = width == 1 && policy.IsDiscrete ? Tensor.FromArray(repeated, n) : Tensor.FromArray(repeated, n, width);
            return policy.Policy(inputs).LogProb(chosen);
        }
        return new PolicyExplanation(features, observation.ToArray(), baseline.ToArray(), action, probs, mean, std, value,
            IntegratedGradients.Compute(LogProb, x, b, options),
            IntegratedGradients.Compute(policy.Value, x, b, options));
    }

    /// <summary>The observation as the policy sees it (normalised when the run normalises observations).</summary>
    private static float[] PolicyInput(ObservationNormalizer? normalizer, ReadOnlySpan<float> observation)
    {
        var input = observation.ToArray();
        normalizer?.Apply(input, input);
        return input;
    }

    private static double[] Doubles(Tensor t) => [.. t.ToFloatArray().Select(v => (double)v)];
}
