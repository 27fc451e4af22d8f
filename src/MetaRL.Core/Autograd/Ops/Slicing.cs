using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
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
            y = Tensor.Result(shape, x.DType);
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
        var y = Tensor.Result(shape, x.DType);
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
        var y = Tensor.Result(shape, first.DType);
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

    /// <summary>The sub-tensor at <paramref name="index"/> along an axis, with that axis removed (x[:, i] for axis 1).</summary>
    public static Tensor Select(Tensor x, int axis, int index)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        int size = x.Dim(axis);
        if (index < -size || index >= size) { throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside axis {axis} of size {size}."); }
        return Squeeze(Slice(x, axis, index < 0 ? index + size : index, 1), axis);
    }

    /// <summary>Cuts an axis into consecutive pieces of the given sizes (which must add up to the axis size).</summary>
    public static Tensor[] Split(Tensor x, int axis, params int[] sizes)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        if (sizes.Any(s => s < 0) || sizes.Sum() != x.Dim(axis))
        {
            throw new ArgumentException($"Split sizes [{string.Join(", ", sizes)}] do not add up to axis {axis} of size {x.Dim(axis)}.");
        }
        var parts = new Tensor[sizes.Length];
        for (int i = 0, at = 0; i < sizes.Length; at += sizes[i], i++) { parts[i] = Slice(x, axis, at, sizes[i]); }
        return parts;
    }

    /// <summary>Cuts an axis into <paramref name="chunks"/> equal pieces.</summary>
    public static Tensor[] Chunk(Tensor x, int axis, int chunks)
    {
        int size = x.Dim(axis);
        if (chunks <= 0 || size % chunks != 0) { throw new ArgumentException($"Cannot cut an axis of size {size} into {chunks} equal chunks."); }
        return Split(x, axis, Enumerable.Repeat(size / chunks, chunks).ToArray());
    }
}
