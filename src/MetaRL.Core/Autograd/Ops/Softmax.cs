using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>Softmax along an axis (max-subtracted for stability).</summary>
    public static Tensor Softmax(Tensor x, int axis = -1) =>
        SoftmaxAlong(x, axis, log: false, "softmax", static (g, y) => Mul(y, Sub(g, Sum(Mul(g, y), -1, keepDim: true))));

    /// <summary>Log-softmax along an axis, computed as x − logsumexp(x).</summary>
    public static Tensor LogSoftmax(Tensor x, int axis = -1) =>
        SoftmaxAlong(x, axis, log: true, "log_softmax", static (g, y) => Sub(g, Mul(Exp(y), Sum(g, -1, keepDim: true))));

    /// <summary>
    /// Softmax or log-softmax along an axis, computed on the last axis (another axis is transposed there and
    /// back); <paramref name="backward"/> maps the upstream gradient and the output to the input's gradient.
    /// </summary>
    private static Tensor SoftmaxAlong(Tensor x, int axis, bool log, string name, Func<Tensor, Tensor, Tensor> backward)
    {
        axis = ShapeUtil.NormalizeAxis(axis, x.Rank);
        if (axis != x.Rank - 1) { return Transpose(SoftmaxAlong(Transpose(x, axis, -1), -1, log, name, backward), axis, -1); }
        var y = Tensor.Result(x.ShapeRef, x.DType);
        int n = x.Dim(-1);
        if (x.DType == DType.Float32) { SoftmaxRows<float>(x.F32, y.F32, n, log); }
        else { SoftmaxRows<double>(x.F64, y.F64, n, log); }
        if (!ShouldRecord(x)) { return Checked(y, name); }
        return Record(y, name, [x], static (n, g) => [((Func<Tensor, Tensor, Tensor>)n.Aux!)(g, n.Saved!)], saved: y, aux: backward);
    }

    /// <summary>log Σ exp along an axis, stable.</summary>
    public static Tensor LogSumExp(Tensor x, int axis = -1, bool keepDim = false)
    {
        Tensor m;
        using (Autograd.Autograd.NoGrad()) { m = Max(x, axis, keepDim: true); }
        var s = AddScalar(Log(Sum(Exp(Sub(x, m)), axis, keepDim: true)), 0);
        var r = Add(s, m);
        return keepDim ? r : Squeeze(r, axis);
    }

    private static void SoftmaxRows<T>(ReadOnlySpan<T> x, Span<T> y, int n, bool log)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0) { return; }
        Span<T> tmp = log ? (n <= 256 ? stackalloc T[n] : new T[n]) : default;
        for (int r = 0; r < x.Length / n; r++)
        {
            var src = x.Slice(r * n, n);
            var dst = y.Slice(r * n, n);
            if (log)
            {
                CategoricalHead.LogSoftmaxRow(src, dst, tmp);
            }
            else
            {
                T max = TensorPrimitives.Max(src);
                TensorPrimitives.Subtract(src, max, dst);
                TensorPrimitives.Exp(dst, dst);
                T sum = TensorPrimitives.Sum<T>(dst);
                TensorPrimitives.Divide(dst, sum, dst);
            }
        }
    }
}
