using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>Sum of all elements (a zero-rank tensor).</summary>
    public static Tensor Sum(Tensor x) => SumAll(x, scale: null, "sum");

    /// <summary>Sum along the given axes.</summary>
    public static Tensor Sum(Tensor x, int[] axes, bool keepDim = false)
    {
        var sorted = axes.Select(a => ShapeUtil.NormalizeAxis(a, x.Rank)).Distinct().OrderByDescending(a => a).ToArray();
        var y = x;
        foreach (var a in sorted) { y = SumAxis(y, a, keepDim: true); }
        return keepDim ? y : Reshape(y, DropAxes(x.Shape, sorted));
    }

    /// <summary>Sum along one axis.</summary>
    public static Tensor Sum(Tensor x, int axis, bool keepDim = false) => SumAxis(x, ShapeUtil.NormalizeAxis(axis, x.Rank), keepDim);

    /// <summary>Mean of all elements.</summary>
    public static Tensor Mean(Tensor x) => SumAll(x, 1.0 / Math.Max(x.Numel, 1), "mean");

    private static readonly int[] ScalarShape = [];

    /// <summary>
    /// Σx, times <paramref name="scale"/> when given, as one node: the values (one row sum, then one multiply in
    /// the tensor's precision) and the gradient (the upstream gradient times the scale, broadcast) of the
    /// composition <c>MulScalar(Sum(x), scale)</c>, without its intermediate tensors.
    /// </summary>
    private static Tensor SumAll(Tensor x, double? scale, string op)
    {
        var y = Tensor.Result(ScalarShape, x.DType);
        if (x.DType == DType.Float32)
        {
            Reduce.Sum<float>(x.F32, y.F32, 1, x.Numel, 1);
            if (scale is { } s) { y.F32[0] *= (float)s; }
        }
        else
        {
            Reduce.Sum<double>(x.F64, y.F64, 1, x.Numel, 1);
            if (scale is { } s) { y.F64[0] *= s; }
        }
        if (!ShouldRecord(x)) { return Checked(y, op); }
        return scale is { } k
            ? Record(y, op, [x], static (n, g) => [BroadcastTo(MulScalar(g, n.Scalar), n.Inputs[0].ShapeRef)], scalar: k)
            : Record(y, op, [x], static (n, g) => [BroadcastTo(g, n.Inputs[0].ShapeRef)]);
    }

    /// <summary>Mean along one axis.</summary>
    public static Tensor Mean(Tensor x, int axis, bool keepDim = false) => MulScalar(Sum(x, axis, keepDim), 1.0 / x.Dim(axis));

    /// <summary>Mean along the given axes.</summary>
    public static Tensor Mean(Tensor x, int[] axes, bool keepDim = false)
    {
        int count = 1;
        foreach (var a in axes.Select(a => ShapeUtil.NormalizeAxis(a, x.Rank)).Distinct()) { count *= x.Dim(a); }
        return MulScalar(Sum(x, axes, keepDim), 1.0 / Math.Max(count, 1));
    }

    /// <summary>Maximum along the given axes (one axis after another; the gradient goes to one maximal element).</summary>
    public static Tensor Max(Tensor x, int[] axes, bool keepDim = false)
    {
        var sorted = axes.Select(a => ShapeUtil.NormalizeAxis(a, x.Rank)).Distinct().OrderByDescending(a => a).ToArray();
        if (sorted.Length == 0) { throw new ArgumentException("Max needs at least one axis."); }
        var y = x;
        foreach (var a in sorted) { y = Max(y, a, keepDim: true); }
        return keepDim ? y : Reshape(y, DropAxes(x.Shape, sorted));
    }

    private static Tensor SumAxis(Tensor x, int axis, bool keepDim)
    {
        var (outer, size, inner) = ShapeUtil.Split(x.Shape, axis);
        var keepShape = x.ShapeArray();
        keepShape[axis] = 1;
        var y = Tensor.Result(keepDim ? keepShape : DropAxis(x.Shape, axis), x.DType);
        if (x.DType == DType.Float32) { Reduce.Sum<float>(x.F32, y.F32, outer, size, inner); }
        else { Reduce.Sum<double>(x.F64, y.F64, outer, size, inner); }
        if (!ShouldRecord(x)) { return Checked(y, "sum"); }
        return Record(y, "sum", [x], static (n, g) => [BroadcastTo(Reshape(g, (int[])n.Aux!), n.Inputs[0].ShapeRef)], aux: keepShape);
    }

    /// <summary>Maximum along one axis; the gradient goes to the first maximal element.</summary>
    public static Tensor Max(Tensor x, int axis, bool keepDim = false) => MaxWithIndex(x, axis, keepDim).Values;

    /// <summary>Maximum and its index along one axis.</summary>
    public static (Tensor Values, int[] Indices) MaxWithIndex(Tensor x, int axis, bool keepDim = false)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        var (outer, size, inner) = ShapeUtil.Split(x.Shape, axis);
        if (size == 0) { throw new ArgumentException("Max over an empty axis."); }
        var keepShape = x.ShapeArray();
        keepShape[axis] = 1;
        var y = Tensor.Result(keepDim ? keepShape : DropAxes(x.Shape, [axis]), x.DType);
        var arg = new int[outer * inner];
        if (x.DType == DType.Float32) { Reduce.Max<float>(x.F32, y.F32, arg, outer, size, inner); }
        else { Reduce.Max<double>(x.F64, y.F64, arg, outer, size, inner); }
        if (!ShouldRecord(x)) { return (Checked(y, "max"), arg); }
        var result = Record(y, "max", [x], g =>
        {
            var mask = Tensor.Result(x.ShapeRef, x.DType);
            for (int o = 0; o < outer; o++)
            {
                for (int i = 0; i < inner; i++)
                {
                    int idx = (o * size + arg[o * inner + i]) * inner + i;
                    if (x.DType == DType.Float32) { mask.F32[idx] = 1; } else { mask.F64[idx] = 1; }
                }
            }
            return [Mul(BroadcastTo(Reshape(g, keepShape), x.Shape), mask)];
        });
        return (result, arg);
    }

    /// <summary>Sums a broadcast gradient back down to <paramref name="shape"/> (the adjoint of <see cref="BroadcastTo(Tensor, ReadOnlySpan{int})"/>).</summary>
    public static Tensor SumTo(Tensor x, ReadOnlySpan<int> shape)
    {
        if (ShapeUtil.Equal(x.Shape, shape)) { return x; }
        int lead = x.Rank - shape.Length;
        if (lead < 0) { throw new ArgumentException($"Cannot sum {ShapeUtil.Format(x.Shape)} down to the larger rank of {ShapeUtil.Format(shape)}."); }
        var axes = new List<int>();
        for (int i = 0; i < x.Rank; i++)
        {
            if (i < lead || (shape[i - lead] == 1 && x.Dim(i) != 1)) { axes.Add(i); }
        }
        var target = shape.ToArray();
        return Reshape(Sum(x, axes.ToArray(), keepDim: true), target);
    }

    /// <summary>Materialises a broadcast to <paramref name="shape"/>.</summary>
    public static Tensor BroadcastTo(Tensor x, ReadOnlySpan<int> shape) =>
        ShapeUtil.Equal(x.Shape, shape) ? x : BroadcastTo(x, shape.ToArray());

    /// <summary><see cref="BroadcastTo(Tensor, ReadOnlySpan{int})"/> keeping <paramref name="target"/> as the result's shape (the caller must not change it).</summary>
    private static Tensor BroadcastTo(Tensor x, int[] target)
    {
        if (ShapeUtil.Equal(x.Shape, target)) { return x; }
        if (!ShapeUtil.BroadcastsTo(x.Shape, target))
        {
            throw new ArgumentException($"Cannot broadcast {ShapeUtil.Format(x.Shape)} to {ShapeUtil.Format(target)}.");
        }
        var y = Tensor.Result(target, x.DType);
        if (x.DType == DType.Float32) { Elementwise.Run<AddKernel, float>(x.F32, x.Shape, [0f], [], y.F32, target); }
        else { Elementwise.Run<AddKernel, double>(x.F64, x.Shape, [0.0], [], y.F64, target); }
        if (!ShouldRecord(x)) { return y; }
        var source = x.ShapeArray();
        return Record(y, "broadcast_to", [x], g => [SumTo(g, source)]);
    }

    private static int[] DropAxis(ReadOnlySpan<int> shape, int axis)
    {
        var result = new int[shape.Length - 1];
        for (int i = 0, j = 0; i < shape.Length; i++) { if (i != axis) { result[j++] = shape[i]; } }
        return result;
    }

    private static int[] DropAxes(ReadOnlySpan<int> shape, int[] axes)
    {
        var result = new List<int>();
        for (int i = 0; i < shape.Length; i++) { if (!axes.Contains(i)) { result.Add(shape[i]); } }
        return result.ToArray();
    }
}
