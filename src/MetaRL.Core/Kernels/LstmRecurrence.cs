namespace MetaRL.Kernels;

/// <summary>
/// The arithmetic of a whole LSTM sequence with PyTorch's equations (Hochreiter and Schmidhuber, 1997;
/// gate order i, f, g, o): i = σ(a_i), f = σ(a_f), g = tanh(a_g), o = σ(a_o) with a = gi + W_hh·h + b_hh,
/// c′ = f⊙c + i⊙g, h′ = o⊙tanh(c′). Forward and hand-written backward through time, given the input
/// projection gi = W_ih·x + b_ih of every step. The state travels as [h | c] rows of width 2H. Rows are cut into
/// the fixed blocks of <see cref="RecurrenceBlocks"/>, so results do not depend on the thread count; the
/// recurrent weight gradient is one GEMM over all steps at the end. Variants (see <see cref="LstmProblem{T}"/>): a
/// forget-gate bias, a ReLU candidate, an unsquashed output h′ = o⊙c′, and a layer norm on W_hh·h + b_hh; without
/// the norm the pre-activation gradient is also the recurrent projection's.
/// </summary>
internal static class LstmRecurrence
{
    /// <summary>Runs the recurrence: fills <see cref="RecurrenceProblem{T}.Out"/> and, when present, the caches.</summary>
    public static void Forward<T>(LstmProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        RecurrenceBlocks.ForEachBlock(p, 4, (b0, rows) => ForwardBlock(p, b0, rows));

    /// <summary>Back-propagates <paramref name="gOut"/> [T·B·2H] through the recurrence (needs the caches).</summary>
    public static void Backward<T>(LstmProblem<T> p, ReadOnlyMemory<T> gOut, LstmGradients<T> grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int h = p.Hidden, rows = p.Steps * p.Batch;
        RecurrenceBlocks.ForEachBlock(p, 4, (b0, count) => BackwardBlock(p, gOut, grads, b0, count));
        RecurrenceBlocks.WeightGradients(p, 4, p.LayerNorm ? grads.Rec.Span : grads.Pre.Span, grads);
        if (!grads.LnBias.IsEmpty) { RecurrenceBlocks.SumRows(grads.Pre.Span, rows, 4 * h, grads.LnBias.Span); }
        if (!grads.LnGain.IsEmpty)
        {
            var dg = grads.LnGain.Span;
            dg.Clear();
            var pre = grads.Pre.Span;
            var xhat = p.Xhat.Span;
            for (int r = 0; r < rows; r++) { TensorPrimitives.FusedMultiplyAdd(pre.Slice(r * 4 * h, 4 * h), xhat.Slice(r * 4 * h, 4 * h), dg, dg); }
        }
    }

    private static void ForwardBlock<T>(LstmProblem<T> p, int b0, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = p.Batch, h = p.Hidden, h2 = 2 * h, h4 = 4 * h, h5 = 5 * h;
        var a = new T[count * h4];
        bool cache = !p.Hp.IsEmpty;
        var hpLocal = cache ? [] : new T[count * h];
        var cpLocal = cache ? [] : new T[count * h];
        var gatesLocal = cache ? [] : new T[count * h5];
        var xhatLocal = cache || !p.LayerNorm ? [] : new T[h4];
        var gi = p.Gi.Span;
        var s0 = p.State0.Span;
        var whh = p.Whh.Span;
        var bhh = p.Bhh.Span;
        var output = p.Out.Span;
        for (int t = 0; t < p.Steps; t++)
        {
            var hp = cache ? p.Hp.Span.Slice((t * b + b0) * h, count * h) : hpLocal;
            var cp = cache ? p.Cp.Span.Slice((t * b + b0) * h, count * h) : cpLocal;
            var gates = cache ? p.Gates.Span.Slice((t * b + b0) * h5, count * h5) : gatesLocal;
            for (int i = 0; i < count; i++)
            {
                int row = b0 + i;
                var hDst = hp.Slice(i * h, h);
                var cDst = cp.Slice(i * h, h);
                if (p.Resets is { } resets && resets[t * b + row]) { hDst.Clear(); cDst.Clear(); }
                else
                {
                    var src = t == 0 ? s0.Slice(row * h2, h2) : output.Slice(((t - 1) * b + row) * h2, h2);
                    src[..h].CopyTo(hDst);
                    src[h..].CopyTo(cDst);
                }
                if (!bhh.IsEmpty) { bhh.CopyTo(a.AsSpan(i * h4, h4)); }
            }
            RecurrenceBlocks.Gemm(false, true, count, h4, h, hp, whh, a, accumulate: !bhh.IsEmpty);
            for (int i = 0; i < count; i++)
            {
                int row = t * b + b0 + i;
                var g = gates.Slice(i * h5, h5);
                var ai = a.AsSpan(i * h4, h4);
                if (p.LayerNorm)
                {
                    var xhat = cache ? p.Xhat.Span.Slice(row * h4, h4) : xhatLocal;
                    T rstd = RowLayerNorm.Forward(ai, p.LnGain.Span, p.LnBias.Span, xhat);
                    if (cache) { p.Rstd.Span[row] = rstd; }
                }
                TensorPrimitives.Add(gi.Slice(row * h4, h4), ai, g[..h4]);
                if (p.ForgetBias != T.Zero) { TensorPrimitives.Add(g.Slice(h, h), p.ForgetBias, g.Slice(h, h)); }
                TensorPrimitives.Sigmoid(g[..h2], g[..h2]);
                if (p.ReluCandidate) { TensorPrimitives.Max(g.Slice(h2, h), T.Zero, g.Slice(h2, h)); }
                else { TensorPrimitives.Tanh(g.Slice(h2, h), g.Slice(h2, h)); }
                TensorPrimitives.Sigmoid(g.Slice(3 * h, h), g.Slice(3 * h, h));
                var o = output.Slice(row * h2, h2);
                var c = o[h..];
                // c′ = f·c + i·g, h′ = o·tanh(c′) (o·c′ with the linear output).
                TensorPrimitives.Multiply(g[..h], g.Slice(h2, h), c);
                TensorPrimitives.FusedMultiplyAdd(g.Slice(h, h), cp.Slice(i * h, h), c, c);
                var tc = g.Slice(h4, h);
                if (p.LinearOutput) { c.CopyTo(tc); }
                else { TensorPrimitives.Tanh(c, tc); }
                TensorPrimitives.Multiply(g.Slice(3 * h, h), tc, o[..h]);
            }
        }
    }

    private static void BackwardBlock<T>(LstmProblem<T> p, ReadOnlyMemory<T> gOutMemory, LstmGradients<T> grads, int b0, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = p.Batch, h = p.Hidden, h2 = 2 * h, h4 = 4 * h, h5 = 5 * h;
        var dh = new T[count * h];
        var dc = new T[count * h];
        var dhPrev = new T[count * h];
        var gOut = gOutMemory.Span;
        var cpAll = p.Cp.Span;
        var gatesAll = p.Gates.Span;
        var whh = p.Whh.Span;
        var pre = grads.Pre.Span;
        var rec = p.LayerNorm ? grads.Rec.Span : pre;
        for (int t = p.Steps - 1; t >= 0; t--)
        {
            for (int i = 0; i < count; i++)
            {
                int row = t * b + b0 + i;
                var go = gOut.Slice(row * h2, h2);
                var d = dh.AsSpan(i * h, h);
                var dcRow = dc.AsSpan(i * h, h);
                TensorPrimitives.Add(d, go[..h], d);
                TensorPrimitives.Add(dcRow, go[h..], dcRow);
                var da = pre.Slice(row * h4, h4);
                var g = gatesAll.Slice(row * h5, h5);
                if (p.ReluCandidate || p.LinearOutput) { CellGradientsScalar(g, cpAll.Slice(row * h, h), d, dcRow, da, h, 0, p.ReluCandidate, p.LinearOutput); }
                else { CellGradients(g, cpAll.Slice(row * h, h), d, dcRow, da, h); }
                if (p.LayerNorm) { RowLayerNorm.Backward<T>(da, p.Xhat.Span.Slice(row * h4, h4), p.Rstd.Span[row], p.LnGain.Span, rec.Slice(row * h4, h4)); }
            }
            // ∂h_prev = ∂(W_hh·h)·W_hh; ∂c_prev (left in dc by the cell gradients) already holds f·∂c′. Reset rows get neither.
            RecurrenceBlocks.Gemm(false, false, count, h, h4, rec.Slice((t * b + b0) * h4, count * h4), whh, dhPrev);
            if (p.Resets is { } resets)
            {
                for (int i = 0; i < count; i++)
                {
                    if (!resets[t * b + b0 + i]) { continue; }
                    dhPrev.AsSpan(i * h, h).Clear();
                    dc.AsSpan(i * h, h).Clear();
                }
            }
            (dh, dhPrev) = (dhPrev, dh);
        }
        if (grads.State0.IsEmpty) { return; }
        var ds0 = grads.State0.Span;
        for (int i = 0; i < count; i++)
        {
            dh.AsSpan(i * h, h).CopyTo(ds0.Slice((b0 + i) * h2, h));
            dc.AsSpan(i * h, h).CopyTo(ds0.Slice((b0 + i) * h2 + h, h));
        }
    }

    /// <summary>
    /// One row's step backward from the cached gates g = [i | f | g | o | tanh(c′)], the previous c, ∂h′ and ∂c′ (PyTorch's cell):
    /// writes the pre-activation gradients [∂a_i | ∂a_f | ∂a_g | ∂a_o] and replaces ∂c′ in <paramref name="dc"/>
    /// by ∂c (the previous cell's gradient through the forget gate). Vectorised with the scalar loop's exact
    /// operation order, so both give the same bits.
    /// </summary>
    internal static void CellGradients<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> cp, ReadOnlySpan<T> dh, Span<T> dc, Span<T> da, int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            for (; j <= h - Vector<T>.Count; j += Vector<T>.Count)
            {
                var i = new Vector<T>(g[j..]);
                var f = new Vector<T>(g[(h + j)..]);
                var gg = new Vector<T>(g[(2 * h + j)..]);
                var o = new Vector<T>(g[(3 * h + j)..]);
                var tc = new Vector<T>(g[(4 * h + j)..]);
                var dhj = new Vector<T>(dh[j..]);
                var dcj = new Vector<T>(dc[j..]) + (dhj * o * (one - (tc * tc)));
                (dcj * gg * i * (one - i)).CopyTo(da[j..]);
                (dcj * new Vector<T>(cp[j..]) * f * (one - f)).CopyTo(da[(h + j)..]);
                (dcj * i * (one - (gg * gg))).CopyTo(da[(2 * h + j)..]);
                (dhj * tc * o * (one - o)).CopyTo(da[(3 * h + j)..]);
                (dcj * f).CopyTo(dc[j..]);
            }
        }
        CellGradientsScalar(g, cp, dh, dc, da, h, j);
    }

    /// <summary>
    /// The scalar twin of <see cref="CellGradients{T}"/> (elements <paramref name="from"/> to h − 1), which also serves the variants.
    /// </summary>
    /// <remarks>
    /// With <paramref name="reluCandidate"/> the candidate's derivative is 1 where g &gt; 0 (else 0); with
    /// <paramref name="linearOutput"/> h′ = o⊙c′, so ∂c′ gains ∂h′⊙o.
    /// </remarks>
    internal static void CellGradientsScalar<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> cp, ReadOnlySpan<T> dh, Span<T> dc, Span<T> da, int h, int from = 0, bool reluCandidate = false, bool linearOutput = false)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = from; j < h; j++)
        {
            T i = g[j], f = g[h + j], gg = g[2 * h + j], o = g[3 * h + j], tc = g[4 * h + j];
            T dcj = dc[j] + (linearOutput ? dh[j] * o : dh[j] * o * (T.One - (tc * tc)));
            da[j] = dcj * gg * i * (T.One - i);
            da[h + j] = dcj * cp[j] * f * (T.One - f);
            da[2 * h + j] = reluCandidate ? (gg > T.Zero ? dcj * i : T.Zero) : dcj * i * (T.One - (gg * gg));
            da[3 * h + j] = dh[j] * tc * o * (T.One - o);
            dc[j] = dcj * f;
        }
    }
}
