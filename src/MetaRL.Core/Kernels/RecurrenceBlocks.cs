using System.Numerics;
using System.Runtime.InteropServices;

namespace MetaRL.Kernels;

/// <summary>
/// What the fused recurrences (<see cref="GruRecurrence"/>, <see cref="LstmRecurrence"/>) share: the batch cut
/// into fixed blocks of <see cref="RowBlock"/> rows that may run on separate threads (the boundaries never depend
/// on the thread count, so results are identical however many threads run), and a GEMM over either float type.
/// </summary>
internal static class RecurrenceBlocks
{
    /// <summary>Rows per block (fixed, so results do not depend on the thread count).</summary>
    public const int RowBlock = 16;

    /// <summary>Multiply-adds of the recurrent products below which the blocks run on one thread.</summary>
    public const long ParallelMinWork = 1L << 21;

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
