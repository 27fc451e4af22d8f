namespace MetaRL.Kernels;

/// <summary>
/// The categorical action head on spans: the row log-softmax that <see cref="Ops.LogSoftmax"/> and the rollout
/// sampler share, and the fused forward and backward of "log-probability of the taken class and entropy" that
/// <see cref="Ops.CategoricalLogProbEntropy"/> runs. Every step repeats, kernel for kernel and span for span, what the
/// composition <c>Gather(LogSoftmax(z), a)</c>, <c>−Σ exp(LogSoftmax(z))·LogSoftmax(z)</c> and its recorded backward
/// compute (whole-buffer exponentials, row sums with <see cref="TensorPrimitives.Sum{T}(ReadOnlySpan{T})"/>, the
/// broadcast's <c>+ 0</c>, the scatter's <c>0 + g</c>, gradients summed in the order the autograd engine sums them
/// for PPO's loss), so the fused head gives the same bits.
/// </summary>
internal static class CategoricalHead
{
    /// <summary>log softmax of one row: <c>x − max</c>, then minus <c>log Σ exp(x − max)</c>. <paramref name="tmp"/> has the
    /// row's length.</summary>
    public static void LogSoftmaxRow<T>(ReadOnlySpan<T> src, Span<T> dst, Span<T> tmp)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(src);
        TensorPrimitives.Subtract(src, max, dst);
        TensorPrimitives.Exp(dst, tmp);
        T lse = T.Log(TensorPrimitives.Sum<T>(tmp));
        TensorPrimitives.Subtract(dst, lse, dst);
    }

    /// <summary>
    /// Forward over <c>rows = picked.Length</c> rows of <paramref name="classes"/> logits: <paramref name="logProbs"/> the
    /// row log-softmax L, <paramref name="probs"/> P = exp(L) (one call over the whole buffer), <paramref name="picked"/>
    /// L[r, a_r] for the class indices <paramref name="actions"/> (whole numbers held as floats, already checked), and
    /// <paramref name="entropy"/> −Σ_j P·L per row. <paramref name="scratch"/> holds rows·classes elements.
    /// </summary>
    public static void Forward<T>(ReadOnlySpan<T> logits, int classes, ReadOnlySpan<float> actions, Span<T> logProbs, Span<T> probs, Span<T> picked, Span<T> entropy, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = picked.Length;
        Span<T> tmp = classes <= 256 ? stackalloc T[classes] : new T[classes];
        for (int r = 0; r < rows; r++) { LogSoftmaxRow(logits.Slice(r * classes, classes), logProbs.Slice(r * classes, classes), tmp); }
        int n = rows * classes;
        TensorPrimitives.Exp(logProbs[..n], probs[..n]);
        TensorPrimitives.Multiply(probs[..n], logProbs[..n], scratch[..n]);
        for (int r = 0; r < rows; r++)
        {
            entropy[r] = TensorPrimitives.Sum<T>(scratch.Slice(r * classes, classes));
            picked[r] = logProbs[r * classes + (int)actions[r]];
        }
        TensorPrimitives.Multiply(entropy[..rows], -T.One, entropy[..rows]);
    }

    /// <summary>
    /// Backward: the gradient of the logits <paramref name="gradLogits"/> from the gradients of the picked log-probabilities
    /// <paramref name="gradPicked"/> and of the entropies <paramref name="gradEntropy"/> (empty when the entropy did not
    /// reach the loss). Per element, with g_PL = (−g_H) + 0: g_L = (g_PL·P + (g_PL·L)·P) + (0 + g_picked at the taken
    /// class, else 0); then, as log-softmax's backward, g_z = g_L − P·Σ_row g_L. <paramref name="scratch"/> holds
    /// rows·classes elements.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> logProbs, ReadOnlySpan<T> probs, int classes, ReadOnlySpan<float> actions, ReadOnlySpan<T> gradPicked, ReadOnlySpan<T> gradEntropy, Span<T> gradLogits, Span<T> scratch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = gradPicked.Length;
        bool withEntropy = !gradEntropy.IsEmpty;
        T minusOne = -T.One;
        for (int r = 0; r < rows; r++)
        {
            int o = r * classes, taken = (int)actions[r];
            T gpl = withEntropy ? (gradEntropy[r] * minusOne) + T.Zero : T.Zero;
            T scattered = T.Zero + gradPicked[r];
            for (int j = 0; j < classes; j++)
            {
                T p = probs[o + j];
                T s = j == taken ? scattered : T.Zero;
                scratch[o + j] = withEntropy ? ((gpl * p) + ((gpl * logProbs[o + j]) * p)) + s : s;
            }
        }
        for (int r = 0; r < rows; r++)
        {
            int o = r * classes;
            T sum = TensorPrimitives.Sum<T>(scratch.Slice(o, classes));
            for (int j = 0; j < classes; j++) { gradLogits[o + j] = scratch[o + j] - (probs[o + j] * sum); }
        }
    }
}
