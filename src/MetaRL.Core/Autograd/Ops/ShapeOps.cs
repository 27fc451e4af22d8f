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
        var source = x.ShapeArray();
        return Record(y, "reshape", [x], g => [Reshape(g, source)]);
    }

    /// <summary>Inserts an axis of size 1.</summary>
    public static Tensor Unsqueeze(Tensor x, int axis)
    {
        var shape = x.ShapeArray().ToList();
        shape.Insert(axis < 0 ? axis + x.Rank + 1 : axis, 1);
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
        var y = Tensor.Empty(outShape, x.DType);
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

    /// <summary>A slice [start, start+length) along one axis (a view when the axis is the first).</summary>
    public static Tensor Slice(Tensor x, int axis, int start, int length)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        if (start < 0 || length < 0 || start + length > x.Dim(axis))
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Slice [{start}, {start + length}) is outside axis {axis} of size {x.Dim(axis)}.");
        }
        var (outer, size, inner) = ShapeUtil.Split(x.Shape, axis);
        var shape = x.ShapeArray();
        shape[axis] = length;
        Tensor y;
        if (outer == 1)
        {
            y = new Tensor(x.Storage, x.Offset + start * inner, shape, x.DType);
        }
        else
        {
            y = Tensor.Empty(shape, x.DType);
            int eb = x.DType.ByteSize();
            var src = x.Bytes;
            var dst = y.WritableBytes;
            for (int o = 0; o < outer; o++)
            {
                src.Slice((o * size + start) * inner * eb, length * inner * eb).CopyTo(dst.Slice(o * length * inner * eb));
            }
        }
        if (!ShouldRecord(x)) { return y; }
        int full = size;
        return Record(y, "slice", [x], g => [PadAxis(g, axis, start, full)]);
    }

    /// <summary>Places x at [before, before+size) of a zero tensor whose axis has <paramref name="total"/> entries (the adjoint of Slice).</summary>
    public static Tensor PadAxis(Tensor x, int axis, int before, int total)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        var (outer, size, inner) = ShapeUtil.Split(x.Shape, axis);
        if (before < 0 || before + size > total) { throw new ArgumentOutOfRangeException(nameof(before)); }
        var shape = x.ShapeArray();
        shape[axis] = total;
        var y = Tensor.Zeros(shape, x.DType);
        int eb = x.DType.ByteSize();
        var src = x.Bytes;
        var dst = y.WritableBytes;
        for (int o = 0; o < outer; o++)
        {
            src.Slice(o * size * inner * eb, size * inner * eb).CopyTo(dst.Slice((o * total + before) * inner * eb));
        }
        if (!ShouldRecord(x)) { return y; }
        return Record(y, "pad", [x], g => [Slice(g, axis, before, size)]);
    }

    /// <summary>Joins tensors along an existing axis.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> xs, int axis)
    {
        if (xs.Count == 0) { throw new ArgumentException("Concat needs at least one tensor."); }
        var first = xs[0];
        axis = ShapeUtil.NormalizeAxis(axis, first.Rank);
        int total = 0;
        foreach (var t in xs)
        {
            if (t.Rank != first.Rank || t.DType != first.DType) { throw new ArgumentException("Concat needs tensors of equal rank and dtype."); }
            for (int i = 0; i < t.Rank; i++)
            {
                if (i != axis && t.Dim(i) != first.Dim(i))
                {
                    throw new ArgumentException($"Concat along {axis}: shapes {ShapeUtil.Format(first.Shape)} and {ShapeUtil.Format(t.Shape)} differ off-axis.");
                }
            }
            total += t.Dim(axis);
        }
        var shape = first.ShapeArray();
        shape[axis] = total;
        var y = Tensor.Empty(shape, first.DType);
        var (outer, _, inner) = ShapeUtil.Split(shape, axis);
        int eb = first.DType.ByteSize();
        var dst = y.WritableBytes;
        int at = 0;
        foreach (var t in xs)
        {
            int n = t.Dim(axis);
            var src = t.Bytes;
            for (int o = 0; o < outer; o++)
            {
                src.Slice(o * n * inner * eb, n * inner * eb).CopyTo(dst.Slice((o * total + at) * inner * eb));
            }
            at += n;
        }
        var inputs = xs.ToArray();
        if (!ShouldRecord(inputs)) { return y; }
        return Record(y, "concat", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            int pos = 0;
            for (int i = 0; i < inputs.Length; i++)
            {
                int n = inputs[i].Dim(axis);
                grads[i] = inputs[i].RequiresGrad ? Slice(g, axis, pos, n) : null;
                pos += n;
            }
            return grads;
        });
    }

    /// <summary>Stacks equal-shaped tensors along a new axis.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> xs, int axis = 0) =>
        Concat(xs.Select(t => Unsqueeze(t, axis)).ToArray(), axis);
}
