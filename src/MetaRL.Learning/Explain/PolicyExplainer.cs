using MetaRL.Distributions;

namespace MetaRL.Learning.Explain;

/// <summary>
/// Explains a stateless actor-critic's decision (PPO, A2C and REINFORCE runs; a recurrent one's first step of an episode
/// by <see cref="ExplainFirstStep"/>, a Q-network's by <see cref="ExplainQ"/>): the action it takes greedily, its
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
        return Explain(policy.Policy, policy.Value, policy.IsDiscrete, normalizer, observation, baseline, features, options);
    }

    /// <summary>Explains <paramref name="policy"/>'s decision at <paramref name="observation"/> taken at the start of an
    /// episode (its state zero, as after a reset): the recurrent policy read as a function of that one observation.</summary>
    /// <param name="policy">A trained recurrent actor-critic (recurrent PPO).</param>
    /// <param name="normalizer">The observation statistics the policy was trained with, or null.</param>
    /// <param name="observation">The raw observation explained.</param>
    /// <param name="baseline">The raw reference observation.</param>
    /// <param name="features">One name per observation component.</param>
    /// <param name="options">Integration settings; null for the defaults.</param>
    public static PolicyExplanation ExplainFirstStep(RecurrentActorCritic policy, ObservationNormalizer? normalizer, ReadOnlySpan<float> observation, ReadOnlySpan<float> baseline,
        IReadOnlyList<string> features, IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Tensor AsOneStep(Tensor inputs) => Ops.Reshape(inputs, 1, inputs.Dim(0), inputs.Dim(1)); // [T = 1, B = N, d], zero state
        return Explain(x => policy.Forward(AsOneStep(x), null, null).Policy, x => policy.Forward(AsOneStep(x), null, null).Values, policy.IsDiscrete,
            normalizer, observation, baseline, features, options);
    }

    private static PolicyExplanation Explain(Func<Tensor, Distribution> policyOf, Func<Tensor, Tensor> valueOf, bool discrete, ObservationNormalizer? normalizer,
        ReadOnlySpan<float> observation, ReadOnlySpan<float> baseline, IReadOnlyList<string> features, IntegratedGradientsOptions? options)
    {
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
            var dist = policyOf(input);
            action = dist.Mode().ToFloatArray();
            value = valueOf(input)[0];
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
            var chosen = width == 1 && discrete ? Tensor.FromArray(repeated, n) : Tensor.FromArray(repeated, n, width);
            return policyOf(inputs).LogProb(chosen);
        }
        return new PolicyExplanation(features, observation.ToArray(), baseline.ToArray(), action, probs, mean, std, value,
            IntegratedGradients.Compute(LogProb, x, b, options),
            IntegratedGradients.Compute(valueOf, x, b, options));
    }

    /// <summary>Explains a Q-network's decision (DQN runs) at <paramref name="observation"/>: the greedy action a, every
    /// action value, the value max_b Q(x, b), and integrated gradients of Q(x, a) (a held fixed) and of the value.</summary>
    /// <param name="q">A trained Q-network, observations [N, d] → action values [N, actions].</param>
    /// <param name="observation">The observation explained.</param>
    /// <param name="baseline">The reference observation.</param>
    /// <param name="features">One name per observation component.</param>
    /// <param name="options">Integration settings; null for the defaults.</param>
    public static PolicyExplanation ExplainQ(Sequential q, ReadOnlySpan<float> observation, ReadOnlySpan<float> baseline, IReadOnlyList<string> features,
        IntegratedGradientsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(features);
        int d = observation.Length;
        if (baseline.Length != d || features.Count != d) { throw new ArgumentException($"the observation has {d} values, the baseline {baseline.Length} and the names {features.Count}"); }
        double[] values;
        using (Autograd.Autograd.NoGrad()) { values = Doubles(q.Forward(Tensor.FromArray(observation.ToArray(), 1, d))); }
        int action = Array.IndexOf(values, values.Max());
        Tensor Chosen(Tensor inputs) => Ops.Reshape(Ops.Slice(q.Forward(inputs), 1, action, 1), inputs.Dim(0));
        Tensor Best(Tensor inputs) => Ops.Max(q.Forward(inputs), 1);
        return new PolicyExplanation(features, observation.ToArray(), baseline.ToArray(), [action], null, null, null, values[action],
            IntegratedGradients.Compute(Chosen, observation, baseline, options), IntegratedGradients.Compute(Best, observation, baseline, options), values);
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
