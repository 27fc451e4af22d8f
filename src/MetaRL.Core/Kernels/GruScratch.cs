namespace MetaRL.Kernels;

/// <summary>
/// A per-thread scratch buffer for the GRU backward's ∂gh [T·B, 3H] (and the LSTM backward's pre-activation
/// gradient [T·B, 4H] when no ∂gi is wanted), which lives only inside one backward call. Reusing it spares each backward a fresh multi-megabyte array
/// (cleared by the runtime, then page-faulted in); profiling an RL² update showed page faults on such fresh
/// buffers, this one among them, taking about a fifth of its time. The buffer only grows and stays with its
/// thread. Safe because the backward is synchronous: nothing else on the thread rents it before it returns.
/// </summary>
internal static class GruScratch<T>
    where T : unmanaged
{
    [ThreadStatic] private static T[]? t_buffer;

    /// <summary>
    /// The calling thread's buffer cut to <paramref name="length"/> elements; its contents are arbitrary,
    /// and it must not be used after the next call on this thread.
    /// </summary>
    public static Memory<T> Rent(int length)
    {
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(length);
            t_buffer = buffer;
        }
        return buffer.AsMemory(0, length);
    }
}
