using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Tensors;

/// <summary>Views, reshapes and the messages for bad shapes and dtypes.</summary>
public sealed class TensorViewTests
{
    private static Tensor Iota(params int[] shape)
    {
        var data = new double[ShapeUtil.Numel(shape)];
        for (int i = 0; i < data.Length; i++) { data[i] = i; }
        return Tensor.FromArray(data, shape);
    }

    [Fact]
    public void Reshape_is_a_view_sharing_storage()
    {
        var x = Iota(2, 3);
        var v = x.Reshape(3, 2);
        v.F64[5] = -1;
        Assert.Equal(-1, x[5]);
        Assert.Equal(new[] { 3, 2 }, v.ShapeArray());
    }

    [Fact]
    public void Leading_axis_slice_is_a_view_and_other_slices_copy()
    {
        var x = Iota(4, 3);
        var rows = x.Slice(0, 1, 2);
        Assert.Equal(new[] { 3.0, 4, 5, 6, 7, 8 }, rows.ToDoubleArray());
        rows.F64[0] = 100;
        Assert.Equal(100, x[3]);
        var reshaped = rows.Reshape(-1);
        Assert.Equal(100, reshaped[0]);
        var cols = x.Slice(1, 1, 1);
        Assert.Equal(new[] { 1.0, 4, 7, 10 }, cols.ToDoubleArray());
        cols.F64[0] = 55;
        Assert.Equal(1, x[1]);
    }

    [Fact]
    public void Reshape_infers_one_minus_one()
    {
        var x = Iota(2, 3, 4);
        Assert.Equal(new[] { 6, 4 }, x.Reshape(-1, 4).ShapeArray());
        Assert.Equal(new[] { 2, 12 }, x.Reshape(2, -1).ShapeArray());
        Assert.Equal(new[] { 24 }, x.Reshape(-1).ShapeArray());
        Assert.Equal(Array.Empty<int>(), Iota(1, 1).Reshape().ShapeArray());
    }

    [Theory]
    [InlineData(new[] { 5, -1 }, "Cannot reshape [2, 3, 4] to [5, -1]")]
    [InlineData(new[] { -1, -1 }, "at most one -1")]
    [InlineData(new[] { 5, 5 }, "Cannot reshape [2, 3, 4] (24 elements) to [5, 5]")]
    [InlineData(new[] { 4, -2 }, "Invalid reshape target")]
    public void Bad_reshapes_are_rejected_with_messages(int[] target, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Iota(2, 3, 4).Reshape(target));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_shapes_are_rejected_with_messages()
    {
        Assert.Contains("Negative size", Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, -1])).Message, StringComparison.Ordinal);
        Assert.Contains("do not fill shape [2, 2]", Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[3], 2, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("cannot be broadcast", Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]) + Tensor.Zeros([4])).Message, StringComparison.Ordinal);
        Assert.Contains("Cannot squeeze", Assert.Throws<ArgumentException>(() => Tensor.Zeros([2, 3]).Squeeze(0)).Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros([2, 3]).Sum(2)).Message, StringComparison.Ordinal);
        Assert.Contains("out of range", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros([2, 3]).Unsqueeze(4)).Message, StringComparison.Ordinal);
        Assert.Contains("outside axis", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros([2, 3]).Slice(1, 2, 2)).Message, StringComparison.Ordinal);
        Assert.Contains("Invalid permutation", Assert.Throws<ArgumentException>(() => Ops.Permute(Tensor.Zeros([2, 3]), 0, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("differ off-axis", Assert.Throws<ArgumentException>(() => Ops.Concat([Tensor.Zeros([2, 3]), Tensor.Zeros([3, 3])], 1)).Message, StringComparison.Ordinal);
        Assert.Contains("Item() needs a one-element", Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2]).Item()).Message, StringComparison.Ordinal);
        Assert.Contains("do not add up", Assert.Throws<ArgumentException>(() => Ops.Split(Tensor.Zeros([5]), 0, 2, 2)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dtype_mismatches_are_rejected_with_messages()
    {
        var f = Tensor.Zeros([2], DType.Float32);
        var d = Tensor.Zeros([2], DType.Float64);
        Assert.Contains("dtype mismatch: Float32 and Float64", Assert.Throws<ArgumentException>(() => f + d).Message, StringComparison.Ordinal);
        Assert.Contains("dtype mismatch", Assert.Throws<ArgumentException>(() => Ops.MatMul(f.Reshape(1, 2), d.Reshape(2, 1))).Message, StringComparison.Ordinal);
        Assert.Contains("dtype mismatch", Assert.Throws<ArgumentException>(() => Ops.Where(f, f, d)).Message, StringComparison.Ordinal);
        Assert.Contains("dtype", Assert.Throws<ArgumentException>(() => Ops.Concat([f, d], 0)).Message, StringComparison.Ordinal);
        Assert.Contains("Int32", Assert.Throws<ArgumentException>(() => Ops.Exp(Tensor.Zeros([2], DType.Int32))).Message, StringComparison.Ordinal);
        Assert.Contains("Only floating", Assert.Throws<InvalidOperationException>(() => Tensor.Zeros([2], DType.Int64).RequireGrad()).Message, StringComparison.Ordinal);
        Assert.Contains("Int32", Assert.Throws<ArgumentException>(() => Ops.Gather(d, 0, Tensor.Zeros([2], DType.Int64))).Message, StringComparison.Ordinal);
        Assert.Contains("not Single", Assert.Throws<InvalidOperationException>(() => d.F32.ToArray()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_copies_and_To_converts()
    {
        var x = Iota(2, 2);
        var c = x.Clone();
        c.F64[0] = 9;
        Assert.Equal(0, x[0]);
        var f = x.To(DType.Float32);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 0f, 1, 2, 3 }, f.F32.ToArray());
    }
}
