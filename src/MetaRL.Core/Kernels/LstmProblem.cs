namespace MetaRL.Kernels;

/// <summary>One LSTM sequence problem: inputs, output and (when training) the caches the backward reads.</summary>
internal sealed class LstmProblem<T>
    where T : unmanaged
{
    public required int Steps { get; init; }

    public required int Batch { get; init; }

    public required int Hidden { get; init; }

    /// <summary>Input projections [T·B, 4H] (gate order i, f, g, o).</summary>
    public required ReadOnlyMemory<T> Gi { get; init; }

    /// <summary>Initial state [B, 2H]: h then c.</summary>
    public required ReadOnlyMemory<T> State0 { get; init; }

    /// <summary>Recurrent weights [4H, H].</summary>
    public required ReadOnlyMemory<T> Whh { get; init; }

    /// <summary>Recurrent bias [4H], or empty.</summary>
    public ReadOnlyMemory<T> Bhh { get; init; }

    /// <summary>[T·B]: true where a sequence's state (h and c) is zeroed before the step; null when none is.</summary>
    public bool[]? Resets { get; init; }

    /// <summary>Every step's state [T·B, 2H]: h then c.</summary>
    public required Memory<T> Out { get; init; }

    /// <summary>Cache: the (reset-masked) previous h of every step [T·B, H], or empty when not training.</summary>
    public Memory<T> Hp { get; init; }

    /// <summary>Cache: the (reset-masked) previous c of every step [T·B, H], or empty when not training.</summary>
    public Memory<T> Cp { get; init; }

    /// <summary>Cache: i, f, g, o and tanh(c′) of every step [T·B, 5H], or empty when not training.</summary>
    public Memory<T> Gates { get; init; }
}

/// <summary>Where <see cref="LstmRecurrence.Backward{T}"/> writes; empty memories are not wanted.</summary>
internal sealed class LstmGradients<T>
    where T : unmanaged
{
    /// <summary>Scratch and result: ∂L/∂(gate pre-activations) of every step [T·B, 4H] (always needed).</summary>
    public required Memory<T> Pre { get; init; }

    /// <summary>∂L/∂state0 [B, 2H].</summary>
    public Memory<T> State0 { get; init; }

    /// <summary>∂L/∂W_hh [4H, H].</summary>
    public Memory<T> Whh { get; init; }

    /// <summary>∂L/∂b_hh [4H].</summary>
    public Memory<T> Bhh { get; init; }
}
