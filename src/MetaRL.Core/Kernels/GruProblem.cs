namespace MetaRL.Kernels;

/// <summary>One GRU sequence problem: inputs, output and (when training) the caches the backward reads.</summary>
internal sealed class GruProblem<T>
    where T : unmanaged
{
    public required int Steps { get; init; }

    public required int Batch { get; init; }

    public required int Hidden { get; init; }

    /// <summary>Input projections [T·B, 3H].</summary>
    public required ReadOnlyMemory<T> Gi { get; init; }

    /// <summary>Initial state [B, H].</summary>
    public required ReadOnlyMemory<T> H0 { get; init; }

    /// <summary>Recurrent weights [3H, H].</summary>
    public required ReadOnlyMemory<T> Whh { get; init; }

    /// <summary>Recurrent bias [3H], or empty.</summary>
    public ReadOnlyMemory<T> Bhh { get; init; }

    /// <summary>[T·B]: true where a sequence's state is zeroed before the step; null when none is.</summary>
    public bool[]? Resets { get; init; }

    /// <summary>Every step's state [T·B, H].</summary>
    public required Memory<T> Out { get; init; }

    /// <summary>Cache: the (reset-masked) previous state of every step [T·B, H], or empty when not training.</summary>
    public Memory<T> Hp { get; init; }

    /// <summary>Cache: r, z, n and W_hn·h + b_hn of every step [T·B, 4H], or empty when not training.</summary>
    public Memory<T> Gates { get; init; }
}

/// <summary>Where <see cref="GruRecurrence.Backward{T}"/> writes; empty memories are not wanted.</summary>
internal sealed class GruGradients<T>
    where T : unmanaged
{
    /// <summary>Scratch and result: ∂L/∂(W_hh·h + b_hh) of every step [T·B, 3H] (always needed).</summary>
    public required Memory<T> Gh { get; init; }

    /// <summary>∂L/∂gi [T·B, 3H].</summary>
    public Memory<T> Gi { get; init; }

    /// <summary>∂L/∂h0 [B, H].</summary>
    public Memory<T> H0 { get; init; }

    /// <summary>∂L/∂W_hh [3H, H].</summary>
    public Memory<T> Whh { get; init; }

    /// <summary>∂L/∂b_hh [3H].</summary>
    public Memory<T> Bhh { get; init; }
}
