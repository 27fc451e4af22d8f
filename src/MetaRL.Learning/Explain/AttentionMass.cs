namespace MetaRL.Learning.Explain;

/// <summary>
/// Where a GPT's decision looks: the softmax weights with which the last position (the decision's) attends to every
/// position, per layer and head, recomputed from each block's query and key projections exactly as its causal attention
/// computes them (q·kᵀ/√d over the positions up to the last). The mass of a position is its weight averaged over heads,
/// and over layers for the summary; every layer's masses sum to 1. Attention weights show what the decision read, not
/// why (Jain and Wallace, 2019, "Attention is not Explanation"): the transformer's explanation beside, not instead of,
/// attributions.
/// </summary>
public static class AttentionMass
{
    /// <summary>The weights [layer][head][position] of the last position of <paramref name="tokens"/> [1, T, features].</summary>
    public static double[][][] LastPosition(Gpt gpt, Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(gpt);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Rank != 3 || tokens.Dim(0) != 1) { throw new ArgumentException("attention mass takes one sequence [1, T, features]", nameof(tokens)); }
        int steps = tokens.Dim(1);
        using var _ = Autograd.Autograd.NoGrad();
        var x = gpt.Wte.Forward(tokens);
        if (gpt.Wpe is { } wpe) { x = Ops.Add(x, Ops.Slice(wpe, 0, 0, steps)); }
        var layers = new double[gpt.Blocks.Count][][];
        for (int l = 0; l < gpt.Blocks.Count; l++)
        {
            var block = gpt.Blocks[l];
            var h = block.Ln1.Forward(x);
            var q = block.Attn.QProj.Forward(h).F32;
            var k = block.Attn.KProj.Forward(h).F32;
            layers[l] = Weights(q, k, steps, block.Attn.Heads, block.Attn.HeadDim);
            x = block.Forward(x);
        }
        return layers;
    }

    /// <summary>Per layer, the mean over heads of <paramref name="weights"/>.</summary>
    public static double[][] MeanOverHeads(double[][][] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return [.. weights.Select(heads => Enumerable.Range(0, heads[0].Length).Select(j => heads.Average(w => w[j])).ToArray())];
    }

    /// <summary>softmax_j(q_last · k_j / √d) per head, for rows [T, heads·d].</summary>
    private static double[][] Weights(ReadOnlySpan<float> q, ReadOnlySpan<float> k, int steps, int heads, int dim)
    {
        int width = heads * dim;
        var result = new double[heads][];
        double scale = 1 / Math.Sqrt(dim);
        for (int head = 0; head < heads; head++)
        {
            var query = q.Slice((steps - 1) * width + head * dim, dim);
            var scores = new double[steps];
            for (int j = 0; j < steps; j++)
            {
                var key = k.Slice(j * width + head * dim, dim);
                double dot = 0;
                for (int i = 0; i < dim; i++) { dot += (double)query[i] * key[i]; }
                scores[j] = dot * scale;
            }
            double max = scores.Max(), sum = 0;
            for (int j = 0; j < steps; j++) { scores[j] = Math.Exp(scores[j] - max); sum += scores[j]; }
            for (int j = 0; j < steps; j++) { scores[j] /= sum; }
            result[head] = scores;
        }
        return result;
    }
}
