namespace MetaRL.Kernels;

/// <summary>
/// One LSTM sequence problem (gate order i, f, g, o; the state is [h | c], so <see cref="RecurrenceProblem{T}.Out"/>
/// is [T·B, 2H]); <see cref="RecurrenceProblem{T}.Gates"/> holds i, f, g, o and tanh(c′) (c′ itself with the linear output) [T·B, 5H].
/// </summary>
internal sealed class LstmProblem<T> : RecurrenceProblem<T>
    where T : unmanaged
{
    /// <summary>Cache: the (reset-masked) previous c of every step [T·B, H], or empty when not training.</summary>
    public Memory<T> Cp { get; init; }

    /// <summary>Added to the forget gate's pre-activation (0 in PyTorch's LSTM).</summary>
    public T ForgetBias { get; init; }

    /// <summary>The candidate is relu(a_g) instead of tanh(a_g).</summary>
    public bool ReluCandidate { get; init; }

    /// <summary>The output is h′ = o⊙c′ instead of o⊙tanh(c′).</summary>
    public bool LinearOutput { get; init; }

    /// <summary>Gain γ [4H] of the layer norm on W_hh·h + b_hh, or empty for none.</summary>
    public ReadOnlyMemory<T> LnGain { get; init; }

    /// <summary>Bias β [4H] of that layer norm (present exactly when <see cref="LnGain"/> is).</summary>
    public ReadOnlyMemory<T> LnBias { get; init; }

    /// <summary>Whether the recurrent projection is layer-normalised.</summary>
    public bool LayerNorm => !LnGain.IsEmpty;

    /// <summary>Cache with the layer norm: x̂ of every step's recurrent projection [T·B, 4H].</summary>
    public Memory<T> Xhat { get; init; }

    /// <summary>Cache with the layer norm: rstd of every step's recurrent projection [T·B].</summary>
    public Memory<T> Rstd { get; init; }
}

/// <summary>Where <see cref="LstmRecurrence.Backward{T}"/> writes; empty memories are not wanted.</summary>
internal sealed class LstmGradients<T> : RecurrenceGradients<T>
    where T : unmanaged
{
    /// <summary>Scratch and result: ∂L/∂(gate pre-activations) of every step [T·B, 4H], which is also ∂L/∂gi (always needed).</summary>
    public required Memory<T> Pre { get; init; }

    /// <summary>With the layer norm: scratch for ∂L/∂(W_hh·h + b_hh) [T·B, 4H] (the pre-activation gradient through the norm).</summary>
    public Memory<T> Rec { get; init; }

    /// <summary>∂L/∂γ [4H] of the recurrent layer norm.</summary>
    public Memory<T> LnGain { get; init; }

    /// <summary>∂L/∂β [4H] of the recurrent layer norm.</summary>
    public Memory<T> LnBias { get; init; }
}
