namespace MetaRL.Kernels;

/// <summary>
/// What the fused recurrences (<see cref="GruRecurrence"/>, <see cref="LstmRecurrence"/>) share: the batch cut
/// into fixed blocks of <see cref="RowBlock"/> rows that may run on separate threads (the boundaries never depend
/// on the thread count, so results are identical however many threads run), a GEMM over either float type, and the
/// recurrent weight gradients computed once over all steps at the end of the backward.
/// </summary>
internal static class RecurrenceBlocks
{
    /// <summary>Rows per block (fixed, so results do not depend on the thread count).</summary>
    public const int RowBlock = 16;

    /// <summary>Multiply-adds of the recurrent products below which the blocks run on one thread.</summary>
    public const long ParallelMinWork = 1L << 21;

    /// <summary>Runs <paramref name="body"/>(first row, rows) over the blocks of <paramref name="p"/>'s batch; in parallel when
    /// the recurrent products (<paramref name="gates"/>·T·B·H² multiply-adds) are large enough.</summary>
    public static void ForEachBlock<T>(RecurrenceProblem<T> p, int gates, Action<int, int> body)
        where T : unmanaged =>
        ForEachBlock(p.Batch, (long)gates * p.Steps * p.Batch * p.Hidden * p.Hidden, body);

    /// <summary>Runs <paramref name="body"/>(first row, rows) over the blocks of <paramref name="batch"/> rows; in parallel when the work is large enough.</summary>
    public static void ForEachBlock(int batch, long work, Action<int, int> body)
    {
        int blocks = (batch + RowBlock - 1) / RowBlock;
        int degree = Math.Min(blocks, MatMul.MaxThreads);
        if (degree <= 1 || work < ParallelMinWork)
        {
            for (int k = 0; k < blocks; k++) { body(k * RowBlock, Math.Min(RowBlock, batch - k * RowBlock)); }
            return;
        }
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = degree }, k => body(k * RowBlock, Math.Min(RowBlock, batch - k * RowBlock)));
    }

    /// <summary>
    /// ∂L/∂W_hh = Σ_steps ∂rec·h_prevᵀ as one GEMM over all T·B rows, and ∂L/∂b_hh = the column sums of ∂rec, where ∂rec
    /// [T·B, gates·H] is the gradient of the recurrent projection W_hh·h + b_hh; each only when <paramref name="grads"/> wants it.
    /// </summary>
    public static void WeightGradients<T>(RecurrenceProblem<T> p, int gates, ReadOnlySpan<T> rec, RecurrenceGradients<T> grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = gates * p.Hidden, rows = p.Steps * p.Batch;
        if (!grads.Whh.IsEmpty) { Gemm(true, false, width, p.Hidden, rows, rec, p.Hp.Span, grads.Whh.Span); }
        if (!grads.Bhh.IsEmpty) { SumRows(rec, rows, width, grads.Bhh.Span); }
    }

    /// <summary>The sum of the <paramref name="rows"/> rows of <paramref name="m"/> [rows, width], added in row order.</summary>
    public static void SumRows<T>(ReadOnlySpan<T> m, int rows, int width, Span<T> sum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        sum.Clear();
        for (int r = 0; r < rows; r++) { TensorPrimitives.Add(sum, m.Slice(r * width, width), sum); }
    }

    /// <summary>C (+)= op(A)·op(B) for float or double spans.</summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, bool accumulate = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            MatMul.Gemm(transA, transB, m, n, k, MemoryMarshal.Cast<T, float>(a), MemoryMarshal.Cast<T, float>(b), MemoryMarshal.Cast<T, float>(c), accumulate);
        }
        else
        {
            MatMul.Gemm(transA, transB, m, n, k, MemoryMarshal.Cast<T, double>(a), MemoryMarshal.Cast<T, double>(b), MemoryMarshal.Cast<T, double>(c), accumulate);
        }
    }
}
