namespace MetaRL.Nn;

/// <summary>
/// Sampling and log-probabilities of the two action heads on spans, written to repeat operation for
/// operation (same kernels, same span lengths, same float/double conversions, same generator draws)
/// what <see cref="Distributions.Categorical"/> and <see cref="Distributions.DiagGaussian"/> compute, so
/// the fast rollout path is bit-identical to <c>Sample</c> followed by <c>LogProb</c>.
/// </summary>
public static class RolloutHeads
{
    private static readonly double HalfLog2Pi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>
    /// Categorical over logits [rows, classes]: log-softmax per row (<see cref="CategoricalHead.LogSoftmaxRow"/>, Ops.LogSoftmax's row kernel), then one
    /// inverse-CDF uniform per row accumulated in double; the log-probability is the picked float entry.
    /// <paramref name="scratch"/> needs 2·classes floats.
    /// </summary>
    public static void SampleCategorical(ReadOnlySpan<float> logits, int rows, int classes, Rng rng, Span<float> scratch, Span<float> actions, Span<float> logProbs)
    {
        var lp = scratch[..classes];
        var tmp = scratch.Slice(classes, classes);
        for (int r = 0; r < rows; r++)
        {
            CategoricalHead.LogSoftmaxRow(logits.Slice(r * classes, classes), lp, tmp);
            double u = rng.NextDouble(), acc = 0;
            int k = classes - 1;
            for (int j = 0; j < classes; j++)
            {
                acc += Math.Exp(lp[j]);
                if (u < acc) { k = j; break; }
            }
            actions[r] = k;
            logProbs[r] = lp[k];
        }
    }

    /// <summary>
    /// Diagonal Gaussian with mean [rows, d] and state-independent log std [d]: σ = exp(log σ) (Ops.Exp's
    /// kernel), x = μ + σ·ε with ε drawn row-major as float normals, log p = −Σ_d [(½z² + log σ) + ½ log 2π]
    /// with z = (x − μ)/σ, the sum being Reduce.Sum's row kernel. <paramref name="scratch"/> needs 2·d floats.
    /// </summary>
    public static void SampleGaussian(ReadOnlySpan<float> mean, ReadOnlySpan<float> logStd, int rows, Rng rng, Span<float> scratch, Span<float> actions, Span<float> logProbs)
    {
        int d = logStd.Length;
        var std = scratch[..d];
        var perDim = scratch.Slice(d, d);
        TensorPrimitives.Exp(logStd, std);
        for (int i = 0; i < rows * d; i++)
        {
            float eps = (float)rng.Normal();
            float scaled = std[i % d] * eps;
            actions[i] = mean[i] + scaled;
        }
        float half = (float)0.5, halfLog2Pi = (float)HalfLog2Pi;
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < d; j++)
            {
                int i = r * d + j;
                float z = (actions[i] - mean[i]) / std[j];
                float a = (z * z) * half;
                float b = a + logStd[j];
                perDim[j] = b + halfLog2Pi;
            }
            logProbs[r] = TensorPrimitives.Sum<float>(perDim) * -1f;
        }
    }
}
