using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Nn.NnTestUtil;

namespace MetaRL.Tests.Core.Nn;

public sealed class EmbeddingTests
{
    [Fact]
    public void Embedding_looks_up_rows_and_sends_gradients_to_them()
    {
        var emb = new Embedding(5, 3, new Rng(2), DType.Float64);
        Assert.Equal([5, 3], emb.Weight.ShapeArray());
        Assert.Equal("weight", emb.NamedParameters().Single().Name);
        var w = emb.Weight.ToDoubleArray();
        var y = emb.Forward([4, 0, 4]);
        Close([.. w[12..15], .. w[0..3], .. w[12..15]], y, 0, "rows");
        Ops.Sum(y).Backward();
        Close([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2], emb.Weight.Grad!, 0, "grad");
    }

    [Fact]
    public void Embedding_of_an_index_tensor_appends_the_embedding_axis()
    {
        var emb = new Embedding(4, 2, new Rng(3));
        var y = emb.Forward(Tensor.FromArray(new[] { 3, 1, 0, 3 }, 2, 2));
        Assert.Equal([2, 2, 2], y.ShapeArray());
        var w = emb.Weight.ToDoubleArray();
        Close([.. w[6..8], .. w[2..4], .. w[0..2], .. w[6..8]], y, 0, "rows");
        var y64 = emb.Forward(Tensor.FromArray(new long[] { 2 }, 1));
        Close(w[4..6], y64, 0, "rows");
    }

    [Fact]
    public void Embedding_rejects_indices_out_of_range_and_float_inputs()
    {
        var emb = new Embedding(4, 2, new Rng(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => emb.Forward([4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => emb.Forward(Tensor.FromArray(new long[] { -1 }, 1)));
        Assert.Throws<ArgumentException>(() => emb.Forward(Tensor.Zeros([2])));
    }
}
