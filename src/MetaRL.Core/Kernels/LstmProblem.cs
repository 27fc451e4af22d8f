namespace MetaRL.Kernels;

/// <summary>
/// One LSTM sequence problem (gate order i, f, g, o; the state is [h | c], so <see cref="RecurrenceProblem{T}.Out"/>
/// is [T·B, 2H]); <see cref="RecurrenceProblem{T}.Gates"/> holds i, f, g, o and tanh(c′) [T·B, 5H].
/// </summary>
internal sealed class LstmProblem<T> : RecurrenceProblem<T>
    where T : unmanaged
{
    /// <summary>Initial state [B, 2H]: h then c.</summary>
    public required ReadOnlyMemory<T> State0 { get; init; }

    /// <summary>Cache: the (reset-masked) previous c of every step [T·B, H], or empty when not training.</summary>
    public Memory<T> Cp { get; init; }
}

/// <summary>Where <see cref="LstmRecurrence.Backward{T}"/> writes; empty memories are not wanted.</summary>
internal sealed class LstmGradients<T> : RecurrenceGradients<T>
    where T : unmanaged
{
    /// <summary>Scratch and result: ∂L/∂(gate pre-activations) of every step [T·B, 4H], which is also ∂L/∂gi (always needed).</summary>
    public required Memory<T> Pre { get; init; }

    /// <summary>∂L/∂state0 [B, 2H].</summary>
    public Memory<T> State0 { get; init; }
}
