namespace MetaRL.Nn;

/// <summary>
/// A lookup table of <c>weight</c> [num, dim] rows, as torch.nn.Embedding (initialised N(0, 1)).
/// Gradients flow to the selected rows only.
/// </summary>
public sealed class Embedding : Layer
{
    public Embedding(int numEmbeddings, int embeddingDim, Rng rng, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEmbeddings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(embeddingDim);
        NumEmbeddings = numEmbeddings;
        EmbeddingDim = embeddingDim;
        Weight = RegisterParameter("weight", Tensor.RandN([numEmbeddings, embeddingDim], rng, dtype));
    }

    public int NumEmbeddings { get; }

    public int EmbeddingDim { get; }

    /// <summary>The table [num, dim].</summary>
    public Tensor Weight { get; }

    /// <summary>Rows for <paramref name="indices"/>: [n, dim].</summary>
    public Tensor Forward(ReadOnlySpan<int> indices)
    {
        foreach (int i in indices)
        {
            if ((uint)i >= (uint)NumEmbeddings) { throw new ArgumentOutOfRangeException(nameof(indices), $"Embedding index {i} is outside [0, {NumEmbeddings})."); }
        }
        return Ops.IndexSelect(P(Weight), 0, indices);
    }

    /// <summary>Rows for an Int32 (or Int64) index tensor of any shape S: [S…, dim].</summary>
    public override Tensor Forward(Tensor x)
    {
        int[] indices = x.DType switch
        {
            DType.Int32 => x.Data<int>().ToArray(),
            DType.Int64 => x.Data<long>().ToArray().Select(v => v is >= 0 and <= int.MaxValue
                ? (int)v
                : throw new ArgumentOutOfRangeException(nameof(x), $"Embedding index {v} is outside [0, {NumEmbeddings}).")).ToArray(),
            _ => throw new ArgumentException($"Embedding needs an Int32 or Int64 index tensor, got {x.DType}."),
        };
        var rows = Forward(indices);
        var shape = new int[x.Rank + 1];
        x.Shape.CopyTo(shape);
        shape[^1] = EmbeddingDim;
        return Ops.Reshape(rows, shape);
    }
}
