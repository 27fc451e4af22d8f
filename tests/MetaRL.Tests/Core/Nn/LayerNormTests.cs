using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Nn.NnTestUtil;

namespace MetaRL.Tests.Core.Nn;

public sealed class LayerNormTests
{
    [Fact]
    public void Layer_norm_output_has_zero_mean_and_unit_variance_per_row()
    {
        var rng = new Rng(1);
        var ln = new LayerNorm(32);
        Assert.Equal(["weight", "bias"], ln.NamedParameters().Select(p => p.Name));
        var x = Ops.AddScalar(Ops.MulScalar(Tensor.RandN([3, 5, 32], rng), 4.0), 7.0);
        var y = ln.Forward(x);
        Assert.Equal([3, 5, 32], y.ShapeArray());
        for (int row = 0; row < 15; row++)
        {
            var v = y.ToDoubleArray()[(row * 32)..((row + 1) * 32)];
            double mean = v.Average(), variance = v.Select(e => (e - mean) * (e - mean)).Average();
            Assert.True(Math.Abs(mean) < 1e-5, $"row {row} mean {mean}");
            Assert.True(Math.Abs(variance - 1) < 1e-4, $"row {row} variance {variance}");
        }
    }

    [Fact]
    public void Layer_norm_matches_a_case_worked_by_hand()
    {
        var ln = new LayerNorm(4, dtype: DType.Float64);
        Set(ln.Weight!, 1, 2, 0.5, -1);
        Set(ln.Bias!, 0, 0.1, 0.2, 0.3);
        var y = ln.Forward(Tensor.FromArray(new double[] { 1, 2, 3, 4, 2, 2, 2, 2 }, 2, 4));
        // Row 1: mean 2.5, biased variance 1.25. Row 2 is constant: (x − mean) = 0, so y = bias.
        double s = Math.Sqrt(1.25 + 1e-5);
        double[] expected = [-1.5 / s, 2 * -0.5 / s + 0.1, 0.5 * 0.5 / s + 0.2, -1.5 / s + 0.3, 0, 0.1, 0.2, 0.3];
        Close(expected, y, 1e-12, "y");
    }

    [Fact]
    public void Layer_norm_rejects_a_mismatched_last_axis()
    {
        Assert.Throws<ArgumentException>(() => new LayerNorm(4).Forward(Tensor.Zeros([2, 3])));
    }
}

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
