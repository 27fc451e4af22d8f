namespace MetaRL.Distributions;

/// <summary>
/// A batch of categorical distributions over n classes, parameterised by unnormalised logits [batch, n]
/// (PyTorch's <c>Categorical(logits=…)</c>). Values are class indices held in a float or Int32 tensor of
/// shape [batch].
/// </summary>
public sealed class Categorical : Distribution
{
    private Tensor? _logProbs, _probs;

    public Categorical(Tensor logits)
    {
        if (logits.Rank != 2) { throw new ArgumentException($"Categorical needs logits of shape [batch, classes], got rank {logits.Rank}."); }
        Logits = logits;
    }

    /// <summary>The logits as given.</summary>
    public Tensor Logits { get; }

    /// <summary>Normalised log-probabilities, log softmax(logits).</summary>
    public Tensor LogProbs => _logProbs ??= Ops.LogSoftmax(Logits, -1);

    /// <summary>Probabilities, softmax(logits).</summary>
    public Tensor Probs => _probs ??= Ops.Exp(LogProbs);

    /// <summary>Number of classes.</summary>
    public int Classes => Logits.Dim(1);

    /// <inheritdoc />
    public override int BatchSize => Logits.Dim(0);

    /// <summary>Inverse-CDF draws: one uniform per row, so the generator advances by exactly <c>batch</c> draws.</summary>
    public override Tensor Sample(Rng rng)
    {
        var lp = LogProbs.ToDoubleArray();
        int n = Classes;
        var result = new float[BatchSize];
        for (int b = 0; b < result.Length; b++)
        {
            double u = rng.NextDouble(), acc = 0;
            int k = n - 1;
            for (int j = 0; j < n; j++)
            {
                acc += Math.Exp(lp[b * n + j]);
                if (u < acc) { k = j; break; }
            }
            result[b] = k;
        }
        return Tensor.FromArray(result, result.Length);
    }

    /// <inheritdoc />
    public override Tensor Mode()
    {
        int n = Classes;
        var result = new float[BatchSize];
        for (int b = 0; b < result.Length; b++)
        {
            int best = 0;
            for (int j = 1; j < n; j++) { if (Logits[b * n + j] > Logits[b * n + best]) { best = j; } }
            result[b] = best;
        }
        return Tensor.FromArray(result, result.Length);
    }

    /// <inheritdoc />
    public override Tensor LogProb(Tensor value)
    {
        if (value.Numel != BatchSize) { throw new ArgumentException($"LogProb needs {BatchSize} class indices, got {value.Numel}."); }
        var index = new int[BatchSize];
        for (int b = 0; b < index.Length; b++)
        {
            double v = value[b];
            int k = (int)v;
            if (k != v || k < 0 || k >= Classes) { throw new ArgumentOutOfRangeException(nameof(value), $"Class index {v} at row {b} is not in [0, {Classes})."); }
            index[b] = k;
        }
        var picked = Ops.Gather(LogProbs, 1, Tensor.FromArray(index, index.Length, 1));
        return Ops.Reshape(picked, BatchSize);
    }

    /// <summary>−Σ p log p per row.</summary>
    public override Tensor Entropy() => Ops.Neg(Ops.Sum(Ops.Mul(Probs, LogProbs), 1));

    /// <summary>Both in one fused op (<see cref="Ops.CategoricalLogProbEntropy"/>): the values of <see cref="LogProb"/> and
    /// <see cref="Entropy"/>, and, used as PPO's loss uses them, their gradients, bit for bit.</summary>
    public override (Tensor LogProb, Tensor Entropy) LogProbAndEntropy(Tensor value) => Ops.CategoricalLogProbEntropy(Logits, value);

    /// <summary>KL(this ‖ other) = Σ p (log p − log q) per row.</summary>
    public Tensor KlDivergence(Categorical other)
    {
        if (other.BatchSize != BatchSize || other.Classes != Classes) { throw new ArgumentException("KL needs categorical batches of equal shape."); }
        return Ops.Sum(Ops.Mul(Probs, Ops.Sub(LogProbs, other.LogProbs)), 1);
    }
}
