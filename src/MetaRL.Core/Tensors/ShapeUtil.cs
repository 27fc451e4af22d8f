namespace MetaRL.Tensors;

/// <summary>Shape arithmetic: sizes, axes, broadcasting.</summary>
public static class ShapeUtil
{
    /// <summary>Product of the sizes (1 for a scalar).</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n *= d;
        }
        if (n > int.MaxValue)
        {
            throw new ArgumentException($"Shape {Format(shape)} has more than 2^31 elements.");
        }
        return (int)n;
    }

    /// <summary>Throws unless every size is non-negative.</summary>
    public static void Validate(ReadOnlySpan<int> shape)
    {
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative size in shape {Format(shape)}.");
            }
        }
    }

    /// <summary>Maps a negative axis to its positive equivalent and checks bounds.</summary>
    public static int NormalizeAxis(int axis, int rank)
    {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for rank {rank}.");
        }
        return a;
    }

    /// <summary>True when both shapes are identical.</summary>
    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>Formats a shape as <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>The broadcast of two shapes by NumPy rules, or an error naming both.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together.");
            }
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>Row-major strides of a contiguous tensor, padded on the left to the target rank
    /// with zero strides where the size is 1 and the target size is larger (broadcast).</summary>
    internal static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        var strides = new int[target.Length];
        BroadcastStrides(shape, target, strides);
        return strides;
    }

    /// <summary><see cref="BroadcastStrides(ReadOnlySpan{int}, ReadOnlySpan{int})"/> into a caller's span of the target's rank.</summary>
    internal static void BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> target, Span<int> strides)
    {
        int rank = target.Length;
        int stride = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            int si = i - (rank - shape.Length);
            if (si < 0)
            {
                strides[i] = 0;
                continue;
            }
            strides[i] = shape[si] == 1 && target[i] != 1 ? 0 : stride;
            stride *= shape[si];
        }
    }

    /// <summary>True when <paramref name="shape"/> broadcasts to exactly <paramref name="target"/>.</summary>
    internal static bool BroadcastsTo(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        if (shape.Length > target.Length) { return false; }
        int lead = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] != target[lead + i] && shape[i] != 1) { return false; }
        }
        return true;
    }

    /// <summary>Splits a shape around one axis into (outer, size, inner) element counts.</summary>
    internal static (int Outer, int Size, int Inner) Split(ReadOnlySpan<int> shape, int axis)
    {
        int outer = 1, inner = 1;
        for (int i = 0; i < axis; i++) { outer *= shape[i]; }
        for (int i = axis + 1; i < shape.Length; i++) { inner *= shape[i]; }
        return (outer, shape[axis], inner);
    }

    /// <summary>Resolves a reshape target that may contain one -1.</summary>
    internal static int[] ResolveReshape(ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        var result = to.ToArray();
        int numel = Numel(from), known = 1, free = -1;
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == -1)
            {
                if (free >= 0) { throw new ArgumentException("Reshape allows at most one -1."); }
                free = i;
            }
            else
            {
                if (result[i] < 0) { throw new ArgumentException($"Invalid reshape target {Format(to)}."); }
                known *= result[i];
            }
        }
        if (free >= 0)
        {
            if (known == 0 || numel % known != 0)
            {
                throw new ArgumentException($"Cannot reshape {Format(from)} to {Format(to)}.");
            }
            result[free] = numel / known;
        }
        if (Numel(result) != numel)
        {
            throw new ArgumentException($"Cannot reshape {Format(from)} ({numel} elements) to {Format(to)}.");
        }
        return result;
    }
}
