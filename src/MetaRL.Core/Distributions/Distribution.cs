namespace MetaRL.Distributions;

/// <summary>
/// A batch of action distributions produced by a policy head. Every tensor result stays in the autograd
/// graph, so policy-gradient losses, entropy bonuses and KL penalties differentiate through it (to any
/// order). Batch shape is the leading axis; <see cref="LogProb"/> and <see cref="Entropy"/> return one value
/// per batch row.
/// </summary>
public abstract class Distribution
{
    /// <summary>Number of independent rows in the batch.</summary>
    public abstract int BatchSize { get; }

    /// <summary>Draws one value per row with an explicit generator. Categorical samples are not
    /// differentiable (they are indices); Gaussian samples are reparameterised (mean + std·ε).</summary>
    public abstract Tensor Sample(Rng rng);

    /// <summary>The most likely value per row (argmax for Categorical, the mean for Gaussian): the
    /// greedy/deterministic action used in evaluation.</summary>
    public abstract Tensor Mode();

    /// <summary>log p(value) per row, shape [batch].</summary>
    public abstract Tensor LogProb(Tensor value);

    /// <summary>Entropy per row, shape [batch].</summary>
    public abstract Tensor Entropy();

    /// <summary><see cref="LogProb"/> of <paramref name="value"/> and <see cref="Entropy"/> together (PPO's policy terms);
    /// a distribution with a fused op for the pair overrides this with the same values.</summary>
    public virtual (Tensor LogProb, Tensor Entropy) LogProbAndEntropy(Tensor value) => (LogProb(value), Entropy());
}
