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
        for (int b = 0; b < rows.Length; b++) { WriteRow(samples, rows[b], shuffle, order, tokens.AsSpan(b * n * w, n * w), labels.AsSpan(b * n, n)); }
        return new DptBatch(Tensor.FromArray(tokens, rows.Length, n, w), Tensor.FromArray(labels, rows.Length * n, 1));
    }

    /// <summary>Writes row <paramref name="row"/> of <paramref name="samples"/> (its transitions in an order drawn from
    /// <paramref name="shuffle"/>, or in order; <paramref name="order"/> is scratch of the context's length) as
    /// <c>context + 1</c> tokens and their labels.</summary>
    public static void WriteRow(DptSamples samples, int row, Rng? shuffle, int[] order, Span<float> tokens, Span<int> labels)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(order);
        for (int j = 0; j < order.Length; j++) { order[j] = j; }
        shuffle?.Shuffle(order.AsSpan());
        samples.WriteTokens(row, order, tokens);
        labels.Fill(samples.Labels[row]);
    }
}
