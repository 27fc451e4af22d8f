namespace MetaRL.Learning.Decision;

/// <summary>
/// The transformer inside a decision model: a causal sequence model over embedded tokens, [B, T, D] → [B, T, D], in
/// which position t sees positions ≤ t only. The one seam between the decision models and the engine's transformer;
/// <see cref="DecisionBackbones.Create"/> picks the implementation. Implementations are <see cref="Nn.Module"/>s, so
/// their parameters are saved, loaded and optimised with the model's.
/// </summary>
public interface ICausalBackbone
{
    /// <summary>Width D of the tokens in and out.</summary>
    int ModelDim { get; }

    /// <summary>The longest sequence it takes (its positional table's length).</summary>
    int MaxTokens { get; }

    /// <summary>Applies the model to <paramref name="tokens"/> [B, T ≤ <see cref="MaxTokens"/>, D].</summary>
    /// <param name="tokens">Embedded tokens.</param>
    /// <param name="dropout">Draws the dropout masks while training; null evaluates (no dropout).</param>
    Tensor Forward(Tensor tokens, Rng? dropout);
}
