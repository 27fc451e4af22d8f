using static MetaRL.Autograd.Autograd;

namespace MetaRL.Tensors;

public static partial class Ops
{
    /// <summary>Added to the scores of future positions in <see cref="CausalAttentionComposed"/>: far below any real
    /// score, yet finite so that NaN/Inf detection stays quiet; its exp underflows to exactly 0 in float32 and float64.</summary>
    internal const double MaskedScore = -1e9;

    /// <summary>
    /// Multi-head causal scaled-dot-product attention (Vaswani et al., 2017) as one graph node: for q, k, v of shape
    /// [B, T, D] whose last axis holds <paramref name="heads"/> heads of D/heads columns each, every head computes
    /// softmax(q·kᵀ/√(D/heads) + causal mask)·v, position t attending to positions ≤ t only, and the heads' outputs
    /// come back joined in [B, T, D]. Runs the fused kernel (<see cref="CausalAttention"/>), in parallel over
    /// (sequence, head) pairs up to <see cref="Kernels.MatMul.MaxThreads"/>. Its backward is the fused one; under
    /// <c>createGraph</c> it differentiates the same arithmetic composed of ops (<see cref="CausalAttentionComposed"/>),
    /// so higher-order gradients stay exact.
    /// </summary>
    public static Tensor CausalAttention(Tensor q, Tensor k, Tensor v, int heads)
    {
        if (q.Rank != 3 || !ShapeUtil.Equal(q.Shape, k.Shape) || !ShapeUtil.Equal(q.Shape, v.Shape))
        {
            throw new ArgumentException($"CausalAttention needs q, k, v of one shape [B, T, D], got {ShapeUtil.Format(q.Shape)}, {ShapeUtil.Format(k.Shape)}, {ShapeUtil.Format(v.Shape)}.");
        }
        if (!q.DType.IsFloating() || k.DType != q.DType || v.DType != q.DType) { throw new ArgumentException("CausalAttention needs one floating dtype for q, k and v."); }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heads);
        if (q.Dim(2) % heads != 0) { throw new ArgumentException($"Model width {q.Dim(2)} is not divisible by {heads} heads."); }
        return q.DType == DType.Float32 ? CausalAttention<float>(q, k, v, heads) : CausalAttention<double>(q, k, v, heads);
    }

    private static Tensor CausalAttention<T>(Tensor q, Tensor k, Tensor v, int heads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = q.Dim(0), steps = q.Dim(1), width = q.Dim(2), hd = width / heads;
        T scale = T.One / T.Sqrt(T.CreateChecked(hd));
        var output = Uninitialized(q.ShapeRef, q.DType);
        var lse = TensorArena.RentArray<T>(batch * heads * steps);
        var (qm, km, vm, om) = (Storage<T>(q), Storage<T>(k), Storage<T>(v), Storage<T>(output));
        ForEachHead<T>(batch, heads, CausalAttentionKernelScratch(steps, backward: false), (b, h, scratch) =>
        {
            int at = (b * steps * width) + (h * hd);
            unsafe
            {
                fixed (T* pq = qm.Span[at..], pk = km.Span[at..], pv = vm.Span[at..], po = om.Span[at..], pl = lse.AsSpan((b * heads + h) * steps), ps = scratch)
                {
                    Kernels.CausalAttention.Forward(steps, hd, width, scale, pq, pk, pv, po, pl, ps);
                }
            }
        });
        Tensor[] inputs = [q, k, v];
        if (!ShouldRecord(inputs)) { return Checked(output, "causal_attention"); }
        return Record(output, "causal_attention", inputs, g =>
        {
            if (IsGradEnabled) { return ComposedGradients(inputs, x => CausalAttentionComposed(x[0], x[1], x[2], heads), g); }
            var dq = Uninitialized(q.ShapeRef, q.DType);
            var dk = Tensor.Result(q.ShapeRef, q.DType);
            var dv = Tensor.Result(q.ShapeRef, q.DType);
            var (gm, dqm, dkm, dvm) = (Storage<T>(g), Storage<T>(dq), Storage<T>(dk), Storage<T>(dv));
            ForEachHead<T>(batch, heads, CausalAttentionKernelScratch(steps, backward: true), (b, h, scratch) =>
            {
                int at = (b * steps * width) + (h * hd);
                unsafe
                {
                    fixed (T* pq = qm.Span[at..], pk = km.Span[at..], pv = vm.Span[at..], po = om.Span[at..], pl = lse.AsSpan((b * heads + h) * steps),
                        pg = gm.Span[at..], pdq = dqm.Span[at..], pdk = dkm.Span[at..], pdv = dvm.Span[at..], ps = scratch)
                    {
                        Kernels.CausalAttention.Backward(steps, hd, width, scale, pq, pk, pv, po, pl, pg, pdq, pdk, pdv, ps);
                    }
                }
            });
            return [q.RequiresGrad ? dq : null, k.RequiresGrad ? dk : null, v.RequiresGrad ? dv : null];
        });
    }

    private static int CausalAttentionKernelScratch(int steps, bool backward) =>
        backward ? Kernels.CausalAttention.BackwardScratch(steps) : Kernels.CausalAttention.ForwardScratch(steps);

    /// <summary>Runs <paramref name="body"/>(sequence, head, scratch) for every pair, on up to <see cref="Kernels.MatMul.MaxThreads"/>
    /// threads when there is enough work; each worker owns one scratch buffer. Pairs write disjoint columns, so the
    /// result does not depend on the thread count.</summary>
    private static void ForEachHead<T>(int batch, int heads, int scratchLength, Action<int, int, T[]> body)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int pairs = batch * heads;
        int workers = Math.Min(Math.Min(Kernels.MatMul.MaxThreads, Environment.ProcessorCount), pairs);
        if (workers <= 1 || (long)scratchLength * pairs < 1 << 16)
        {
            var scratch = TensorArena.RentArray<T>(scratchLength);
            for (int p = 0; p < pairs; p++) { body(p / heads, p % heads, scratch); }
            return;
        }
        // Scratch is taken on the calling thread, so inside a step it comes from that thread's pool.
        var scratches = new T[workers][];
        for (int w = 0; w < workers; w++) { scratches[w] = TensorArena.RentArray<T>(scratchLength); }
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var scratch = scratches[w];
            for (int p = (int)((long)pairs * w / workers), end = (int)((long)pairs * (w + 1) / workers); p < end; p++) { body(p / heads, p % heads, scratch); }
        });
    }

    /// <summary>
    /// The same attention composed of ops (split heads, q·kᵀ scaled, additive mask of <see cref="MaskedScore"/> above
    /// the diagonal, softmax, ·v, join heads): the naive twin of <see cref="CausalAttention(Tensor, Tensor, Tensor, int)"/>,
    /// differentiable to any order.
    /// </summary>
    internal static Tensor CausalAttentionComposed(Tensor q, Tensor k, Tensor v, int heads)
    {
        int batch = q.Dim(0), steps = q.Dim(1), width = q.Dim(2), hd = width / heads;
        Tensor Split(Tensor y) => Permute(Reshape(y, batch, steps, heads, hd), 0, 2, 1, 3);
        var scores = MulScalar(MatMulEx(Split(q), Split(k), false, true), 1.0 / Math.Sqrt(hd));
        var mask = Tensor.Result([steps, steps], q.DType);
        for (int i = 0; i < steps; i++)
        {
            for (int j = i + 1; j < steps; j++)
            {
                if (q.DType == DType.Float32) { mask.F32[(i * steps) + j] = (float)MaskedScore; } else { mask.F64[(i * steps) + j] = MaskedScore; }
            }
        }
        var weights = Softmax(Add(scores, mask), -1);
        return Reshape(Permute(MatMulEx(weights, Split(v), false, false), 0, 2, 1, 3), batch, steps, width);
    }
}
