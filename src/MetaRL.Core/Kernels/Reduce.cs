namespace MetaRL.Kernels;

/// <summary>Reductions over the middle axis of an (outer, size, inner) view of a contiguous array.</summary>
internal static class Reduce
{
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> d, int outer, int size, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inner == 1)
        {
            for (int o = 0; o < outer; o++) { d[o] = TensorPrimitives.Sum(x.Slice(o * size, size)); }
            return;
        }
        d.Clear();
        for (int o = 0; o < outer; o++)
        {
            var dst = d.Slice(o * inner, inner);
            for (int s = 0; s < size; s++)
            {
                TensorPrimitives.Add(dst, x.Slice((o * size + s) * inner, inner), dst);
            }
        }
    }

    /// <summary>Maximum along the axis, and the index of its first occurrence.</summary>
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> d, Span<int> arg, int outer, int size, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int baseIdx = o * size * inner + i;
                T best = x[baseIdx];
                int bestK = 0;
                for (int s = 1; s < size; s++)
                {
                    T v = x[baseIdx + s * inner];
                    if (v > best || T.IsNaN(v)) { best = v; bestK = s; if (T.IsNaN(v)) { break; } }
                }
                d[o * inner + i] = best;
                arg[o * inner + i] = bestK;
            }
        }
    }
}
