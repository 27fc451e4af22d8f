using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Fused affine map y = x·Wᵀ + b for x of shape [rows, in], W of shape [out, in] and b of shape [out]
    /// (or none): one GEMM writing onto the broadcast bias, one graph node. Its backward is written with
    /// ops (gx = g·W, gW = gᵀ·x, gb = Σ_rows g), so it stays differentiable to any order.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (x.Rank != 2 || weight.Rank != 2 || x.Dim(1) != weight.Dim(1))
        {
            throw new ArgumentException($"Linear needs x [rows, in] and W [out, in], got {ShapeUtil.Format(x.Shape)} and {ShapeUtil.Format(weight.Shape)}.");
        }
        if (x.DType != weight.DType || (bias is not null && bias.DType != x.DType))
        {
            throw new ArgumentException($"Linear dtype mismatch: {x.DType}, {weight.DType}{(bias is null ? "" : ", " + bias.DType)}.");
        }
        int rows = x.Dim(0), inF = x.Dim(1), outF = weight.Dim(0);
        if (bias is not null && (bias.Rank != 1 || bias.Dim(0) != outF))
        {
            throw new ArgumentException($"Linear bias must have shape [{outF}], got {ShapeUtil.Format(bias.Shape)}.");
        }
        var y = Uninitialized([rows, outF], x.DType);
        if (x.DType == DType.Float32)
        {
            var yd = y.F32;
            if (bias is not null) { FillRows(bias.F32, yd, rows); }
            Kernels.MatMul.Gemm(false, true, rows, outF, inF, x.F32, weight.F32, yd, accumulate: bias is not null);
        }
        else
        {
            var yd = y.F64;
            if (bias is not null) { FillRows(bias.F64, yd, rows); }
            Kernels.MatMul.Gemm(false, true, rows, outF, inF, x.F64, weight.F64, yd, accumulate: bias is not null);
        }
        bool record = bias is null ? ShouldRecord(x, weight) : ShouldRecord([x, weight, bias]);
        if (!record) { return Checked(y, "linear"); }
        Tensor[] inputs = bias is null ? [x, weight] : [x, weight, bias];
        return Record(y, "linear", inputs, g =>
        {
            var grads = new Tensor?[inputs.Length];
            if (x.RequiresGrad) { grads[0] = MatMulEx(g, weight, false, false); }
            if (weight.RequiresGrad) { grads[1] = MatMulEx(g, x, true, false); }
            if (bias is not null && bias.RequiresGrad) { grads[2] = Sum(g, 0); }
            return grads;
        });
    }

    /// <summary>A floating tensor whose storage is not cleared: only for results every element of which is written.</summary>
    internal static Tensor Uninitialized(int[] shape, DType dtype)
    {
        int n = ShapeUtil.Numel(shape);
        Array storage = dtype == DType.Float32 ? GC.AllocateUninitializedArray<float>(n) : GC.AllocateUninitializedArray<double>(n);
        return new Tensor(storage, 0, shape, dtype);
    }

    private static void FillRows<T>(ReadOnlySpan<T> row, Span<T> destination, int rows)
    {
        for (int r = 0; r < rows; r++) { row.CopyTo(destination.Slice(r * row.Length, row.Length)); }
    }
}
