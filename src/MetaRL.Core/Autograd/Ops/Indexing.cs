using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// torch.gather: out[…, j, …] = x[…, index[…, j, …], …] along <paramref name="axis"/>. The Int32
    /// <paramref name="index"/> has x's rank and x's sizes off the axis.
    /// </summary>
    public static Tensor Gather(Tensor x, int axis, Tensor index)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        if (!x.DType.IsFloating()) { throw new ArgumentException($"Gather needs float32 or float64 values, not {x.DType}."); }
        var idx = CheckIndex(x, axis, index);
        var (outer, size, inner) = ShapeUtil.Split(x.Shape, axis);
        int m = index.Dim(axis);
        var y = Tensor.Result(index.ShapeRef, x.DType);
        if (x.DType == DType.Float32) { GatherScatter<float>(x.F32, y.F32, idx, outer, size, m, inner, scatter: false); }
        else { GatherScatter<double>(x.F64, y.F64, idx, outer, size, m, inner, scatter: false); }
        if (!ShouldRecord(x)) { return Checked(y, "gather"); }
        return Record(y, "gather", [x], static (n, g) => [ScatterAdd(g, (int)n.Scalar, n.Saved!, n.Inputs[0].ShapeRef)], saved: index, scalar: axis);
    }

    /// <summary>The adjoint of <see cref="Gather"/>: a zero tensor of <paramref name="shape"/> with src added at the indices.</summary>
    public static Tensor ScatterAdd(Tensor src, int axis, Tensor index, int[] shape)
    {
        if (!ShapeUtil.Equal(src.Shape, index.Shape))
        {
            throw new ArgumentException($"ScatterAdd source shape {ShapeUtil.Format(src.Shape)} differs from index shape {ShapeUtil.Format(index.Shape)}.");
        }
        ShapeUtil.Validate(shape);
        var y = Tensor.Result((ReadOnlySpan<int>)shape, src.DType);
        axis = ShapeUtil.NormalizeAxis(axis, shape.Length);
        var idx = CheckIndex(y, axis, index);
        var (outer, size, inner) = ShapeUtil.Split(shape, axis);
        int m = index.Dim(axis);
        if (src.DType == DType.Float32) { GatherScatter<float>(src.F32, y.F32, idx, outer, size, m, inner, scatter: true); }
        else { GatherScatter<double>(src.F64, y.F64, idx, outer, size, m, inner, scatter: true); }
        if (!ShouldRecord(src)) { return y; }
        return Record(y, "scatter_add", [src], g => [Gather(g, axis, index)]);
    }

    /// <summary>Selects whole slices along an axis by index (rows of an embedding table, a minibatch).</summary>
    public static Tensor IndexSelect(Tensor x, int axis, ReadOnlySpan<int> indices)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        var (outer, size, inner) = ShapeUtil.Split(x.Shape, axis);
        var shape = x.ShapeArray();
        shape[axis] = indices.Length;
        var y = Tensor.Result(shape, x.DType);
        int eb = x.DType.ByteSize();
        var src = x.Bytes;
        var dst = y.WritableBytes;
        var idx = indices.ToArray();
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < idx.Length; j++)
            {
                int k = idx[j];
                if ((uint)k >= (uint)size) { throw new IndexOutOfRangeException($"Index {k} outside axis of size {size}."); }
                src.Slice((o * size + k) * inner * eb, inner * eb).CopyTo(dst.Slice((o * idx.Length + j) * inner * eb));
            }
        }
        if (!ShouldRecord(x)) { return y; }
        return Record(y, "index_select", [x], g => [IndexAdd(g, axis, idx, size)]);
    }

    /// <summary>Selects whole slices along an axis by the entries of an Int32 index tensor (any shape, read flat).</summary>
    public static Tensor IndexSelect(Tensor x, int axis, Tensor index)
    {
        if (index.DType != DType.Int32) { throw new ArgumentException($"Index tensors are Int32, not {index.DType}."); }
        return IndexSelect(x, axis, index.Data<int>());
    }

    /// <summary>The adjoint of <see cref="IndexSelect(Tensor, int, ReadOnlySpan{int})"/>: slices of src added into a zero tensor whose axis has <paramref name="size"/> entries.</summary>
    public static Tensor IndexAdd(Tensor src, int axis, int[] indices, int size)
    {
        axis = ShapeUtil.NormalizeAxis(axis, src.Rank);
        var (outer, m, inner) = ShapeUtil.Split(src.Shape, axis);
        if (indices.Length != m) { throw new ArgumentException($"IndexAdd got {indices.Length} indices for an axis of size {m}."); }
        foreach (var k in indices)
        {
            if ((uint)k >= (uint)size) { throw new IndexOutOfRangeException($"Index {k} outside axis of size {size}."); }
        }
        var shape = src.ShapeArray();
        shape[axis] = size;
        var y = Tensor.Result(shape, src.DType);
        if (src.DType == DType.Float32) { IndexAddRun<float>(src.F32, y.F32, indices, outer, m, size, inner); }
        else { IndexAddRun<double>(src.F64, y.F64, indices, outer, m, size, inner); }
        if (!ShouldRecord(src)) { return y; }
        return Record(y, "index_add", [src], g => [IndexSelect(g, axis, indices)]);
    }

    /// <summary>Gather (y[at] = x[src]) or its adjoint (y[src] += x[at]) over an (outer, size|m, inner) layout.</summary>
    private static void GatherScatter<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> idx, int outer, int size, int m, int inner, bool scatter)
        where T : unmanaged, INumberBase<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < m; j++)
            {
                int row = (o * m + j) * inner;
                for (int i = 0; i < inner; i++)
                {
                    int k = idx[row + i];
                    if ((uint)k >= (uint)size) { throw new IndexOutOfRangeException($"{(scatter ? "Scatter" : "Gather")} index {k} outside axis of size {size}."); }
                    int other = (o * size + k) * inner + i;
                    if (scatter) { y[other] += x[row + i]; } else { y[row + i] = x[other]; }
                }
            }
        }
    }

    private static void IndexAddRun<T>(ReadOnlySpan<T> src, Span<T> y, int[] indices, int outer, int m, int size, int inner)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int j = 0; j < m; j++)
            {
                var dst = y.Slice((o * size + indices[j]) * inner, inner);
                TensorPrimitives.Add(dst, src.Slice((o * m + j) * inner, inner), dst);
            }
        }
    }

    private static ReadOnlySpan<int> CheckIndex(Tensor x, int axis, Tensor index)
    {
        if (index.DType != DType.Int32) { throw new ArgumentException($"Index tensors are Int32, not {index.DType}."); }
        if (index.Rank != x.Rank) { throw new ArgumentException($"Index rank {index.Rank} differs from input rank {x.Rank}."); }
        for (int i = 0; i < x.Rank; i++)
        {
            if (i != axis && index.Dim(i) != x.Dim(i))
            {
                throw new ArgumentException($"Index shape {ShapeUtil.Format(index.Shape)} does not match {ShapeUtil.Format(x.Shape)} off axis {axis}.");
            }
        }
        return index.Data<int>();
    }
}
