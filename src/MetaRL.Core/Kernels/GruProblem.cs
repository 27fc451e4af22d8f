namespace MetaRL.Kernels;

/// <summary>What every fused recurrence problem has: sizes, inputs, output and (when training) the caches the backward reads.</summary>
internal abstract class RecurrenceProblem<T>
    where T : unmanaged
{
    public required int Steps { get; init; }

    public required int Batch { get; init; }

    public required int Hidden { get; init; }

    /// <summary>Input projections W_ih·x + b_ih of every step [T·B, gates·H].</summary>
    public required ReadOnlyMemory<T> Gi { get; init; }

    /// <summary>Initial state [B, state width] (a GRU's h0; an LSTM's h then c).</summary>
    public required ReadOnlyMemory<T> State0 { get; init; }

    /// <summary>Recurrent weights [gates·H, H].</summary>
    public required ReadOnlyMemory<T> Whh { get; init; }

    /// <summary>Recurrent bias [gates·H], or empty.</summary>
    public ReadOnlyMemory<T> Bhh { get; init; }

    /// <summary>[T·B]: true where a sequence's state is zeroed before the step; null when none is.</summary>
    public bool[]? Resets { get; init; }

    /// <summary>Every step's state [T·B, state width].</summary>
    public required Memory<T> Out { get; init; }

    /// <summary>Cache: the (reset-masked) previous h of every step [T·B, H], or empty when not training.</summary>
    public Memory<T> Hp { get; init; }

    /// <summary>Cache: every step's gate values (the layout is the cell's), or empty when not training.</summary>
    public Memory<T> Gates { get; init; }
}

/// <summary>One GRU sequence problem (the state is h, so <see cref="RecurrenceProblem{T}.Out"/> is [T·B, H]);
/// <see cref="RecurrenceProblem{T}.Gates"/> holds r, z, n and W_hn·h + b_hn [T·B, 4H].</summary>
internal sealed class GruProblem<T> : RecurrenceProblem<T>
    where T : unmanaged;

/// <summary>The recurrent weight gradients every fused recurrence's backward writes; empty memories are not wanted.</summary>
internal abstract class RecurrenceGradients<T>
    where T : unmanaged
{
    /// <summary>∂L/∂W_hh [gates·H, H].</summary>
    public Memory<T> Whh { get; init; }

    /// <summary>∂L/∂b_hh [gates·H].</summary>
    public Memory<T> Bhh { get; init; }

    /// <summary>∂L/∂(initial state) [B, state width].</summary>
    public Memory<T> State0 { get; init; }
}

/// <summary>Where <see cref="GruRecurrence.Backward{T}"/> writes; empty memories are not wanted.</summary>
internal sealed class GruGradients<T> : RecurrenceGradients<T>
    where T : unmanaged
{
    /// <summary>Scratch and result: ∂L/∂(W_hh·h + b_hh) of every step [T·B, 3H] (always needed).</summary>
    public required Memory<T> Gh { get; init; }

    /// <summary>∂L/∂gi [T·B, 3H].</summary>
    public Memory<T> Gi { get; init; }
}
