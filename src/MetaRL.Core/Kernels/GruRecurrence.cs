namespace MetaRL.Kernels;

/// <summary>
/// The arithmetic of a whole GRU sequence with PyTorch's equations (gate order r, z, n; Cho et al., 2014),
/// forward and hand-written backward through time, given the input projection gi = W_ih·x + b_ih of every
/// step. Rows (sequences) are independent, so the batch is cut into fixed blocks of <see cref="RecurrenceBlocks.RowBlock"/>
/// rows that run on separate threads: the block boundaries never depend on the thread count, so results are
/// identical however many threads run. The recurrent weight gradient is one GEMM over all steps at the end.
/// </summary>
internal static class GruRecurrence
{
    /// <summary>Runs the recurrence: fills <see cref="RecurrenceProblem{T}.Out"/> and, when present, the caches.</summary>
    public static void Forward<T>(GruProblem<T> p)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        RecurrenceBlocks.ForEachBlock(p, 3, (b0, rows) => ForwardBlock(p, b0, rows));

    /// <summary>Back-propagates <paramref name="gOut"/> [T·B·H] through the recurrence (needs the caches).</summary>
    public static void Backward<T>(GruProblem<T> p, ReadOnlyMemory<T> gOut, GruGradients<T> grads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RecurrenceBlocks.ForEachBlock(p, 3, (b0, count) => BackwardBlock(p, gOut, grads, b0, count));
        RecurrenceBlocks.WeightGradients(p, 3, grads.Gh.Span, grads);
    }

    private static void ForwardBlock<T>(GruProblem<T> p, int b0, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = p.Batch, h = p.Hidden, h3 = 3 * h, h4 = 4 * h;
        var gh = new T[count * h3];
        // When training, the previous states and gates are written straight into the caches (a block's rows of
        // one step are contiguous there); otherwise into block-local scratch.
        bool cache = !p.Hp.IsEmpty;
        var hpLocal = cache ? [] : new T[count * h];
        var gatesLocal = cache ? [] : new T[count * h4];
        var gi = p.Gi.Span;
        var h0 = p.State0.Span;
        var whh = p.Whh.Span;
        var bhh = p.Bhh.Span;
        var output = p.Out.Span;
        for (int t = 0; t < p.Steps; t++)
        {
            var hp = cache ? p.Hp.Span.Slice((t * b + b0) * h, count * h) : hpLocal;
            var gates = cache ? p.Gates.Span.Slice((t * b + b0) * h4, count * h4) : gatesLocal;
            for (int i = 0; i < count; i++)
            {
                int row = b0 + i;
                var dst = hp.Slice(i * h, h);
                if (p.Resets is { } resets && resets[t * b + row]) { dst.Clear(); }
                else if (t == 0) { h0.Slice(row * h, h).CopyTo(dst); }
                else { output.Slice(((t - 1) * b + row) * h, h).CopyTo(dst); }
                if (!bhh.IsEmpty) { bhh.CopyTo(gh.AsSpan(i * h3, h3)); }
            }
            RecurrenceBlocks.Gemm(false, true, count, h3, h, hp, whh, gh, accumulate: !bhh.IsEmpty);
            for (int i = 0; i < count; i++)
            {
                int row = t * b + b0 + i;
                var giRow = gi.Slice(row * h3, h3);
                var ghRow = gh.AsSpan(i * h3, h3);
                var g = gates.Slice(i * h4, h4);
                var rz = g[..(2 * h)];
                TensorPrimitives.Add(giRow[..(2 * h)], ghRow[..(2 * h)], rz);
                TensorPrimitives.Sigmoid(rz, rz);
                var ghn = g.Slice(3 * h, h);
                ghRow.Slice(2 * h, h).CopyTo(ghn);
                var n = g.Slice(2 * h, h);
                TensorPrimitives.FusedMultiplyAdd(g[..h], ghn, giRow.Slice(2 * h, h), n);
                TensorPrimitives.Tanh(n, n);
                // h′ = (1 − z)·n + z·h = (h − n)·z + n.
                var o = output.Slice(row * h, h);
                TensorPrimitives.Subtract(hp.Slice(i * h, h), n, o);
                TensorPrimitives.FusedMultiplyAdd(o, g.Slice(h, h), n, o);
            }
        }
    }

    private static void BackwardBlock<T>(GruProblem<T> p, ReadOnlyMemory<T> gOutMemory, GruGradients<T> grads, int b0, int count)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int b = p.Batch, h = p.Hidden, h3 = 3 * h, h4 = 4 * h;
        var dh = new T[count * h];
        var dhPrev = new T[count * h];
        var gOut = gOutMemory.Span;
        var hpAll = p.Hp.Span;
        var gatesAll = p.Gates.Span;
        var whh = p.Whh.Span;
        var dGh = grads.Gh.Span;
        var dGi = grads.Gi.Span;
        for (int t = p.Steps - 1; t >= 0; t--)
        {
            TensorPrimitives.Add(dh, gOut.Slice((t * b + b0) * h, count * h), dh);
            for (int i = 0; i < count; i++)
            {
                int row = t * b + b0 + i;
                var g = gatesAll.Slice(row * h4, h4);
                var hp = hpAll.Slice(row * h, h);
                var dgh = dGh.Slice(row * h3, h3);
                var d = dh.AsSpan(i * h, h);
                var dPrev = dhPrev.AsSpan(i * h, h);
                var dgi = dGi.IsEmpty ? default : dGi.Slice(row * h3, h3);
                GateGradients(g, hp, d, dPrev, dgh, dgi, h);
            }
            // ∂h_prev += ∂gh·W_hh, then zero the rows whose state was reset before this step.
            RecurrenceBlocks.Gemm(false, false, count, h, h3, dGh.Slice((t * b + b0) * h3, count * h3), whh, dhPrev, accumulate: true);
            if (p.Resets is { } resets)
            {
                for (int i = 0; i < count; i++)
                {
                    if (resets[t * b + b0 + i]) { dhPrev.AsSpan(i * h, h).Clear(); }
                }
            }
            (dh, dhPrev) = (dhPrev, dh);
        }
        if (!grads.State0.IsEmpty) { dh.CopyTo(grads.State0.Span.Slice(b0 * h, count * h)); }
    }

    /// <summary>
    /// One row's gate gradients from the cached gates g = [r | z | n | W_hn·h + b_hn], the previous state and
    /// ∂h: writes ∂h_prev's direct part (∂h·z), ∂gh = [∂a_r | ∂a_z | ∂a_n·r] and, when wanted, ∂gi =
    /// [∂a_r | ∂a_z | ∂a_n]. Vectorised with the scalar loop's exact operation order, so both give the same bits.
    /// </summary>
    internal static void GateGradients<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> hp, ReadOnlySpan<T> d, Span<T> dPrev, Span<T> dgh, Span<T> dgi, int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            for (; j <= h - Vector<T>.Count; j += Vector<T>.Count)
            {
                var r = new Vector<T>(g[j..]);
                var z = new Vector<T>(g[(h + j)..]);
                var n = new Vector<T>(g[(2 * h + j)..]);
                var ghn = new Vector<T>(g[(3 * h + j)..]);
                var dj = new Vector<T>(d[j..]);
                var dan = dj * (one - z) * (one - n * n);
                var dar = dan * ghn * r * (one - r);
                var daz = dj * (new Vector<T>(hp[j..]) - n) * z * (one - z);
                (dj * z).CopyTo(dPrev[j..]);
                dar.CopyTo(dgh[j..]);
                daz.CopyTo(dgh[(h + j)..]);
                (dan * r).CopyTo(dgh[(2 * h + j)..]);
                if (!dgi.IsEmpty)
                {
                    dar.CopyTo(dgi[j..]);
                    daz.CopyTo(dgi[(h + j)..]);
                    dan.CopyTo(dgi[(2 * h + j)..]);
                }
            }
        }
        GateGradientsScalar(g, hp, d, dPrev, dgh, dgi, h, j);
    }

    /// <summary>The scalar twin of <see cref="GateGradients{T}"/> (elements <paramref name="from"/> to h − 1).</summary>
    internal static void GateGradientsScalar<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> hp, ReadOnlySpan<T> d, Span<T> dPrev, Span<T> dgh, Span<T> dgi, int h, int from = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int j = from; j < h; j++)
        {
            T r = g[j], z = g[h + j], n = g[2 * h + j], ghn = g[3 * h + j], dj = d[j];
            T dan = dj * (T.One - z) * (T.One - n * n);
            T dar = dan * ghn * r * (T.One - r);
            T daz = dj * (hp[j] - n) * z * (T.One - z);
            dPrev[j] = dj * z;
            dgh[j] = dar;
            dgh[h + j] = daz;
            dgh[2 * h + j] = dan * r;
            if (!dgi.IsEmpty)
            {
                dgi[j] = dar;
                dgi[h + j] = daz;
                dgi[2 * h + j] = dan;
            }
        }
    }
}
