using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Matrix product with NumPy semantics: [m,k]·[k,n]; batched [...,m,k]·[...,k,n] with batch axes
    /// broadcast against each other; [...,m,k]·[k,n] (the right operand shared across the batch, done as
    /// one flat product); and 1-D operands treated as a row (left) or column (right) vector whose axis is
    /// removed afterwards (1-D·1-D is the dot product, a scalar).
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b)
    {
        if (a.Rank == 0 || b.Rank == 0) { throw new ArgumentException($"MatMul needs operands of rank ≥ 1, got {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)}."); }
        if (a.Rank == 1 && b.Rank == 1) { return Reshape(MatMul(Unsqueeze(a, 0), Unsqueeze(b, 1)), []); }
        if (a.Rank == 1) { return Squeeze(MatMul(Unsqueeze(a, 0), b), -2); }
        if (b.Rank == 1) { return Squeeze(MatMul(a, Unsqueeze(b, 1)), -1); }
        if (a.Rank > 2 && b.Rank == 2)
        {
            if (a.Dim(-1) != b.Dim(0)) { throw new ArgumentException($"MatMul inner sizes differ: {ShapeUtil.Format(a.Shape)} · {ShapeUtil.Format(b.Shape)}."); }
            var shape = a.ShapeArray();
            var flat = MatMulEx(Reshape(a, -1, a.Dim(-1)), b, false, false);
            shape[^1] = b.Dim(1);
            return Reshape(flat, shape);
        }
        if (a.Rank == 2 && b.Rank == 2) { return MatMulEx(a, b, false, false); }
        var batchA = a.Shape[..^2];
        var batchB = b.Shape[..^2];
        if (ShapeUtil.Equal(batchA, batchB)) { return MatMulEx(a, b, false, false); }
        int[] batch;
        try { batch = ShapeUtil.Broadcast(batchA, batchB); }
        catch (ArgumentException) { throw new ArgumentException($"MatMul batch axes cannot be broadcast: {ShapeUtil.Format(a.Shape)} · {ShapeUtil.Format(b.Shape)}."); }
        return MatMulEx(BroadcastTo(a, [.. batch, a.Dim(-2), a.Dim(-1)]), BroadcastTo(b, [.. batch, b.Dim(-2), b.Dim(-1)]), false, false);
    }

    /// <summary>op(a)·op(b) where op transposes the last two axes when asked; batch axes must be equal.</summary>
    public static Tensor MatMulEx(Tensor a, Tensor b, bool transA, bool transB)
    {
        if (a.Rank < 2 || b.Rank < 2 || a.Rank != b.Rank) { throw new ArgumentException($"MatMulEx needs operands of equal rank ≥ 2, got {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)}."); }
        if (a.DType != b.DType) { throw new ArgumentException($"dtype mismatch: {a.DType} and {b.DType}."); }
        int batch = 1;
        for (int i = 0; i < a.Rank - 2; i++)
        {
            if (a.Dim(i) != b.Dim(i)) { throw new ArgumentException($"Batch shapes differ: {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)}."); }
            batch *= a.Dim(i);
        }
        int m = transA ? a.Dim(-1) : a.Dim(-2), k = transA ? a.Dim(-2) : a.Dim(-1);
        int kb = transB ? b.Dim(-1) : b.Dim(-2), n = transB ? b.Dim(-2) : b.Dim(-1);
        if (k != kb) { throw new ArgumentException($"MatMul inner sizes differ: {ShapeUtil.Format(a.Shape)}{(transA ? "ᵀ" : "")} · {ShapeUtil.Format(b.Shape)}{(transB ? "ᵀ" : "")}."); }
        var shape = a.ShapeArray();
        shape[^2] = m;
        shape[^1] = n;
        var y = Tensor.Result(shape, a.DType);
        for (int p = 0; p < batch; p++)
        {
            if (a.DType == DType.Float32)
            {
                Kernels.MatMul.Gemm(transA, transB, m, n, k, a.F32.Slice(p * m * k, m * k), b.F32.Slice(p * k * n, k * n), y.F32.Slice(p * m * n, m * n));
            }
            else
            {
                Kernels.MatMul.Gemm(transA, transB, m, n, k, a.F64.Slice(p * m * k, m * k), b.F64.Slice(p * k * n, k * n), y.F64.Slice(p * m * n, m * n));
            }
        }
        if (!ShouldRecord(a, b)) { return Checked(y, "matmul"); }
        return Record(y, "matmul", [a, b], g => MatMulGrads(a, b, g, transA, transB, MatMulEx));
    }

    /// <summary>
    /// The gradients of op(a)·op(b) (op the transpose where its flag is set) for the upstream gradient
    /// <paramref name="g"/>, each a product by <paramref name="matMul"/> (a, b, transA, transB); null for an
    /// operand that needs none.
    /// </summary>
    private static Tensor?[] MatMulGrads(Tensor a, Tensor b, Tensor g, bool transA, bool transB, Func<Tensor, Tensor, bool, bool, Tensor> matMul)
    {
        Tensor? ga = null, gb = null;
        if (a.RequiresGrad)
        {
            ga = (transA, transB) switch
            {
                (false, false) => matMul(g, b, false, true),
                (false, true) => matMul(g, b, false, false),
                (true, false) => matMul(b, g, false, true),
                _ => matMul(b, g, true, true),
            };
        }
        if (b.RequiresGrad)
        {
            gb = (transA, transB) switch
            {
                (false, false) => matMul(a, g, true, false),
                (false, true) => matMul(g, a, true, false),
                (true, false) => matMul(a, g, false, false),
                _ => matMul(g, a, true, true),
            };
        }
        return [ga, gb];
    }
}
