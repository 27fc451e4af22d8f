using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>Reshape (a view over the same storage); one size may be −1.</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var target = ShapeUtil.ResolveReshape(x.Shape, shape);
        var y = new Tensor(x.Storage, x.Offset, target, x.DType);
        if (!ShouldRecord(x)) { return y; }
        return Record(y, "reshape", [x], static (n, g) => [Reshape(g, n.Inputs[0].ShapeRef)]);
    }

    /// <summary>Inserts an axis of size 1.</summary>
    public static Tensor Unsqueeze(Tensor x, int axis)
    {
        int at = axis < 0 ? axis + x.Rank + 1 : axis;
        if (at < 0 || at > x.Rank) { throw new ArgumentOutOfRangeException(nameof(axis), $"Unsqueeze axis {axis} is out of range for rank {x.Rank}."); }
        var shape = x.ShapeArray().ToList();
        shape.Insert(at, 1);
        return Reshape(x, shape.ToArray());
    }

    /// <summary>Removes an axis of size 1.</summary>
    public static Tensor Squeeze(Tensor x, int axis)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        if (x.Dim(axis) != 1) { throw new ArgumentException($"Cannot squeeze axis {axis} of size {x.Dim(axis)}."); }
        var shape = x.ShapeArray().ToList();
        shape.RemoveAt(axis);
        return Reshape(x, shape.ToArray());
    }

    /// <summary>Swaps two axes (copies).</summary>
    public static Tensor Transpose(Tensor x, int axis0 = -2, int axis1 = -1)
    {
        var perm = Enumerable.Range(0, x.Rank).ToArray();
        int a = ShapeUtil.NormalizeAxis(axis0, x.Rank), b = ShapeUtil.NormalizeAxis(axis1, x.Rank);
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(x, perm);
    }

    /// <summary>Reorders axes: output axis i is input axis perm[i] (copies).</summary>
    public static Tensor Permute(Tensor x, params int[] perm)
    {
        if (perm.Length != x.Rank || perm.Distinct().Count() != perm.Length || perm.Any(p => p < 0 || p >= x.Rank))
        {
            throw new ArgumentException($"Invalid permutation [{string.Join(", ", perm)}] for rank {x.Rank}.");
        }
        var outShape = perm.Select(p => x.Dim(p)).ToArray();
        var y = Tensor.Result(outShape, x.DType);
        var inStrides = new int[x.Rank];
        for (int i = x.Rank - 1, s = 1; i >= 0; i--) { inStrides[i] = s; s *= x.Dim(i); }
        var strides = perm.Select(p => inStrides[p]).ToArray();
        if (x.DType == DType.Float32) { PermuteCopy<float>(x.F32, y.F32, outShape, strides); }
        else if (x.DType == DType.Float64) { PermuteCopy<double>(x.F64, y.F64, outShape, strides); }
        else { throw new ArgumentException($"Permute needs a floating tensor, not {x.DType}."); }
        if (!ShouldRecord(x)) { return y; }
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) { inverse[perm[i]] = i; }
        return Record(y, "permute", [x], g => [Permute(g, inverse)]);
    }

    private static void PermuteCopy<T>(ReadOnlySpan<T> src, Span<T> dst, int[] shape, int[] strides)
    {
        int rank = shape.Length;
        if (dst.Length == 0) { return; }
        if (rank == 0) { dst[0] = src[0]; return; }
        var counter = new int[rank];
        int inner = shape[rank - 1], innerStride = strides[rank - 1], offset = 0;
        for (int o = 0; o < dst.Length; o += inner)
        {
            for (int i = 0, s = offset; i < inner; i++, s += innerStride) { dst[o + i] = src[s]; }
            for (int k = rank - 2; k >= 0; k--)
            {
                counter[k]++;
                offset += strides[k];
                if (counter[k] < shape[k]) { break; }
                offset -= strides[k] * shape[k];
                counter[k] = 0;
            }
        }
    }
}
