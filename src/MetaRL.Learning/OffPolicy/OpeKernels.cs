using System.Numerics.Tensors;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// The estimators' per-row arithmetic, span in / span out: the shared columns (importance weight w, q̂(x, π_e),
/// q̂(x, a)) once per log, then each estimator's round rewards (OBP's <c>_estimate_round_rewards</c>) from them. The
/// estimate is the mean of the round rewards, and the bootstrap resamples them. Tests compare each with a plain loop.
/// </summary>
public static class OpeKernels
{
    /// <summary>w_i = π_e(a_i|x_i) / pscore_i.</summary>
    public static void ImportanceWeights(ReadOnlySpan<float> target, int actions, ReadOnlySpan<int> action, ReadOnlySpan<float> pscore, Span<double> weights)
    {
        for (int i = 0; i < weights.Length; i++) { weights[i] = (double)target[i * actions + action[i]] / pscore[i]; }
    }

    /// <summary>q̂(x_i, π_e) = Σ_a π_e(a|x_i) q̂(x_i, a), one dot product per row.</summary>
    public static void PolicyAverage(ReadOnlySpan<float> target, ReadOnlySpan<float> qHat, int actions, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) { values[i] = TensorPrimitives.Dot(target.Slice(i * actions, actions), qHat.Slice(i * actions, actions)); }
    }

    /// <summary>q̂(x_i, a_i), the reward model at the logged action.</summary>
    public static void Factual(ReadOnlySpan<float> qHat, int actions, ReadOnlySpan<int> action, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) { values[i] = qHat[i * actions + action[i]]; }
    }

    /// <summary>The round rewards of <paramref name="estimator"/> into <paramref name="dest"/>. <paramref name="policyAverage"/>
    /// and <paramref name="factual"/> may be empty for ipw and snipw.</summary>
    public static void RoundRewards(OpeEstimator estimator, ReadOnlySpan<double> weights, ReadOnlySpan<double> reward,
        ReadOnlySpan<double> policyAverage, ReadOnlySpan<double> factual, Span<double> dest)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        double lambda = estimator.Lambda;
        switch (estimator.Name)
        {
            case OpeEstimator.Ipw:
                TensorPrimitives.Min(weights, lambda, dest);
                TensorPrimitives.Multiply(dest, reward, dest);
                break;
            case OpeEstimator.Snipw:
                TensorPrimitives.Multiply(weights, reward, dest);
                TensorPrimitives.Multiply(dest, 1.0 / Mean(weights), dest);
                break;
            case OpeEstimator.Dm:
                policyAverage.CopyTo(dest);
                break;
            case OpeEstimator.Dr:
                TensorPrimitives.Subtract(reward, factual, dest);
                for (int i = 0; i < dest.Length; i++) { dest[i] = policyAverage[i] + Math.Min(weights[i], lambda) * dest[i]; }
                break;
            case OpeEstimator.Sndr:
                double scale = 1.0 / Mean(weights);
                for (int i = 0; i < dest.Length; i++) { dest[i] = policyAverage[i] + weights[i] * scale * (reward[i] - factual[i]); }
                break;
            case OpeEstimator.SwitchDr:
                for (int i = 0; i < dest.Length; i++)
                {
                    double w = weights[i] <= lambda ? weights[i] : 0.0;
                    dest[i] = policyAverage[i] + w * (reward[i] - factual[i]);
                }
                break;
            case OpeEstimator.DrOs:
                for (int i = 0; i < dest.Length; i++) { dest[i] = policyAverage[i] + Shrink(weights[i], lambda) * (reward[i] - factual[i]); }
                break;
            default:
                throw new ArgumentException($"unknown estimator '{estimator.Name}'", nameof(estimator));
        }
    }

    /// <summary>DRos's optimistic shrinkage λw/(w² + λ): w at λ = ∞, 0 at λ = 0 (also at w = 0, where OBP's formula is 0/0).</summary>
    public static double Shrink(double w, double lambda) =>
        double.IsPositiveInfinity(lambda) ? w : lambda == 0 || w == 0 ? 0.0 : lambda * w / (w * w + lambda);

    /// <summary>The mean of a span (pairwise-summed by TensorPrimitives).</summary>
    public static double Mean(ReadOnlySpan<double> values) => TensorPrimitives.Sum(values) / values.Length;
}
