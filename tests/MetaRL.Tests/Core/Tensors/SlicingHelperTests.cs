using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Tensors;

/// <summary>Select, Split, Chunk, IndexSelect and the instance shorthands give the values their definitions say.</summary>
public sealed class SlicingHelperTests
{
    private static readonly Tensor X = Tensor.FromArray(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), 3, 4);

    [Fact]
    public void Select_removes_the_axis_and_accepts_negative_indices()
    {
        Assert.Equal(new[] { 4.0, 5, 6, 7 }, X.Select(0, 1).ToDoubleArray());
        Assert.Equal(new[] { 3.0, 7, 11 }, X.Select(1, -1).ToDoubleArray());
        Assert.Equal(new[] { 3 }, X.Select(-1, 0).ShapeArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => X.Select(0, 3));
    }

    [Fact]
    public void Split_and_chunk_cut_consecutive_pieces()
    {
        var parts = X.Split(1, 1, 3);
        Assert.Equal(new[] { 0.0, 4, 8 }, parts[0].ToDoubleArray());
        Assert.Equal(new[] { 3, 3 }, parts[1].ShapeArray());
        Assert.Equal(new[] { 9.0, 10, 11 }, parts[1].Select(0, 2).ToDoubleArray());
        var chunks = X.Chunk(3, 0);
        Assert.Equal(3, chunks.Length);
        Assert.Equal(new[] { 8.0, 9, 10, 11 }, chunks[2].ToDoubleArray());
        Assert.Throws<ArgumentException>(() => X.Chunk(5, 1));
    }

    [Fact]
    public void Index_select_by_span_and_by_tensor_agree()
    {
        var bySpan = X.IndexSelect(0, [2, 0, 2]);
        var byTensor = Ops.IndexSelect(X, 0, Tensor.FromArray(new[] { 2, 0, 2 }, 3));
        Assert.Equal(new[] { 8.0, 9, 10, 11, 0, 1, 2, 3, 8, 9, 10, 11 }, bySpan.ToDoubleArray());
        Assert.Equal(bySpan.ToDoubleArray(), byTensor.ToDoubleArray());
        var rows = X.Slice(0, 1, 2);
        Assert.Equal(new[] { 4.0, 5, 9, 9 }, rows.Gather(1, Tensor.FromArray(new[] { 0, 1, 1, 1 }, 2, 2)).ToDoubleArray());
    }

    [Fact]
    public void Shorthands_over_several_axes_match_the_ops()
    {
        var t = X.Reshape(3, 2, 2);
        Assert.Equal(Ops.Sum(t, [0, 2]).ToDoubleArray(), t.Sum([0, 2]).ToDoubleArray());
        Assert.Equal(new[] { 4.5, 6.5 }, t.Mean([0, 2]).ToDoubleArray());
        Assert.Equal(new[] { 9.0, 11 }, t.Max([2, 0]).ToDoubleArray());
        Assert.Equal(new[] { 2, 2, 3 }, t.Permute(2, 1, 0).ShapeArray());
        Assert.Equal(new[] { 12 }, t.Flatten().ShapeArray());
        Assert.Equal(Math.Log(Math.Exp(0) + Math.Exp(1)), t.LogSumExp(-1)[0], 1e-12);
    }
}
