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
        return Record(y, "linear", inputs, static (n, g) =>
        {
            var inputs = n.Inputs;
            Tensor x = inputs[0], weight = inputs[1];
            var grads = new Tensor?[inputs.Length];
            if (x.RequiresGrad) { grads[0] = MatMul2D(g, weight, false, false); }
            if (weight.RequiresGrad) { grads[1] = MatMul2D(g, x, true, false); }
            if (inputs.Length == 3 && inputs[2].RequiresGrad) { grads[2] = Sum(g, 0); }
            return grads;
        });
    }

    /// <summary>A floating tensor whose storage is not cleared: only for results every element of which is written.
    /// Pooled like <see cref="Tensor.Result(int[], DType)"/> inside a <see cref="TensorArena"/> step.</summary>
    internal static Tensor Uninitialized(int[] shape, DType dtype) =>
        new(TensorArena.Rent(dtype, ShapeUtil.Numel(shape), clear: false), 0, shape, dtype);

    /// <summary>
    /// op(a)·op(b) for 2-D operands into storage that is not cleared first (the GEMM writes every element);
    /// the same values and the same recorded backward as <see cref="MatMulEx"/>.
    /// </summary>
    internal static Tensor MatMul2D(Tensor a, Tensor b, bool transA, bool transB)
    {
        if (a.Rank != 2 || b.Rank != 2 || a.DType != b.DType) { return MatMulEx(a, b, transA, transB); }
        int m = transA ? a.Dim(1) : a.Dim(0), k = transA ? a.Dim(0) : a.Dim(1);
        int kb = transB ? b.Dim(1) : b.Dim(0), n = transB ? b.Dim(0) : b.Dim(1);
        if (k != kb) { return MatMulEx(a, b, transA, transB); }
        var y = Uninitialized([m, n], a.DType);
        if (a.DType == DType.Float32) { Kernels.MatMul.Gemm(transA, transB, m, n, k, a.F32, b.F32, y.F32); }
        else { Kernels.MatMul.Gemm(transA, transB, m, n, k, a.F64, b.F64, y.F64); }
        if (!ShouldRecord(a, b)) { return Checked(y, "matmul"); }
        return Record(y, "matmul", [a, b], g => MatMulGrads(a, b, g, transA, transB, MatMul2D));
    }

    /// <summary>Writes <paramref name="row"/> into each of the <paramref name="rows"/> rows of the destination.</summary>
    private static void FillRows<T>(ReadOnlySpan<T> row, Span<T> destination, int rows)
        where T : unmanaged
    {
        int n = row.Length;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported && n % Vector512<T>.Count == 0 && n <= 8 * Vector512<T>.Count)
        {
            // Short rows (the common hidden sizes): keep the bias in registers, no per-row copy call.
            ref T src = ref MemoryMarshal.GetReference(row);
            ref T dst = ref MemoryMarshal.GetReference(destination);
            int w = Vector512<T>.Count;
            for (int c = 0; c < n; c += w)
            {
                var v = Vector512.LoadUnsafe(ref src, (nuint)c);
                for (int r = 0; r < rows; r++) { v.StoreUnsafe(ref dst, (nuint)(r * n + c)); }
            }
            return;
        }
        for (int r = 0; r < rows; r++) { row.CopyTo(destination.Slice(r * n, n)); }
    }
}
