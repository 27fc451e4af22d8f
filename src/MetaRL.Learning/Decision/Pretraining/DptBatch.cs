namespace MetaRL.Learning.Decision;

/// <summary>A minibatch of DPT rows as the model reads them: tokens [B, context + 1, width] and, for every position,
/// the row's label ([B·(context + 1), 1], Int32), so each prefix of the context is one prediction.</summary>
public sealed record DptBatch(Tensor Tokens, Tensor Labels)
{
    /// <summary>Rows <paramref name="rows"/> of <paramref name="samples"/>; with <paramref name="shuffle"/>, each row's
    /// transitions in an order drawn from it (DPT's <c>--shuffle</c>: the model sees other prefixes of the same data).</summary>
    public static DptBatch Build(DptSamples samples, ReadOnlySpan<int> rows, Rng? shuffle)
    {
        ArgumentNullException.ThrowIfNull(samples);
        int c = samples.Context, w = samples.Layout.Width, n = c + 1;
        var tokens = new float[rows.Length * n * w];
        var labels = new int[rows.Length * n];
        var order = new int[c];
        for (int b = 0; b < rows.Length; b++)
        {
            for (int j = 0; j < c; j++) { order[j] = j; }
            shuffle?.Shuffle(order.AsSpan());
            samples.WriteTokens(rows[b], order, tokens.AsSpan(b * n * w, n * w));
            labels.AsSpan(b * n, n).Fill(samples.Labels[rows[b]]);
        }
        return new DptBatch(Tensor.FromArray(tokens, rows.Length, n, w), Tensor.FromArray(labels, rows.Length * n, 1));
    }
}
