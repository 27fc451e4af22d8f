using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Empty tensors, views as operands, masked softmax and other corners the random cases rarely reach.</summary>
public sealed class EdgeCaseTests
{
    [Fact]
    public void Ops_on_empty_tensors_give_empty_results_and_zero_sums()
    {
        var x = Tensor.Zeros([0, 3], DType.Float64).RequireGrad();
        var y = Ops.Tanh(x * 2.0 + Tensor.Ones([3], DType.Float64));
        Assert.Equal(new[] { 0, 3 }, y.ShapeArray());
        var s = Ops.Sum(y);
        Assert.Equal(0.0, s.Item());
        Assert.Equal(new[] { 3 }, Ops.Sum(y, 0).ShapeArray());
        Assert.Equal(new[] { 3, 0 }, Ops.Transpose(y).ShapeArray());
        Assert.Equal(new[] { 0, 0 }, Ops.MatMul(y, Tensor.Zeros([3, 0], DType.Float64)).ShapeArray());
        Assert.Equal(new[] { 2, 0 }, Ops.MatMul(Tensor.Zeros([2, 0], DType.Float64), Tensor.Zeros([0, 0], DType.Float64)).ShapeArray());
        Assert.Equal(new[] { 0.0, 0.0 }, Ops.MatMul(Tensor.Zeros([2, 0], DType.Float64), Tensor.Zeros([0, 1], DType.Float64)).ToDoubleArray());
        Assert.Equal(new[] { 2, 3 }, Ops.Concat([Tensor.Ones([2, 3], DType.Float64), x], 0).ShapeArray());
        s.Backward();
        Assert.Equal(new[] { 0, 3 }, x.Grad!.ShapeArray());
    }

    [Fact]
    public void Views_with_offsets_work_as_operands_and_receive_gradients()
    {
        var x = U(1, -1, 1, [4, 3]);
        GradCheck.Assert(t => Ops.MatMul(t[0].Slice(0, 1, 2), Ops.Transpose(t[0].Slice(0, 2, 2))) + Ops.Softmax(t[0].Slice(0, 3, 1)).Sum(), x);
        GradCheck.Assert(t => Ops.Gather(t[0].Slice(0, 2, 2), 1, Indices(3, 3, 2, 2)) * Ops.IndexSelect(t[0].Slice(0, 1, 3), 0, [2, 0]).Slice(1, 0, 2), x);
    }

    [Fact]
    public void Softmax_with_minus_infinity_logits_gives_zero_probability_and_finite_gradients()
    {
        var x = Tensor.FromArray(new[] { 0.5, double.NegativeInfinity, -0.5, 1.0 }, 2, 2).RequireGrad();
        var p = Ops.Softmax(x);
        Assert.Equal(1.0, p[0]);
        Assert.Equal(0.0, p[1]);
        Assert.Equal(1 / (1 + Math.Exp(1.5)), p[2], 1e-15);
        Ops.Sum(p * Tensor.FromArray(new[] { 1.0, 2, 3, 4 }, 2, 2)).Backward();
        Assert.All(x.Grad!.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0.0, x.Grad![1]);
    }

    [Fact]
    public void Index_errors_name_the_bad_index()
    {
        var x = Tensor.Zeros([2, 3], DType.Float64);
        Assert.Contains("Index 3 outside", Assert.Throws<IndexOutOfRangeException>(() => Ops.IndexSelect(x, 1, [0, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("Gather index -1", Assert.Throws<IndexOutOfRangeException>(() => Ops.Gather(x, 1, Tensor.FromArray(new[] { -1, 0 }, 2, 1))).Message, StringComparison.Ordinal);
        Assert.Contains("Index 5 outside", Assert.Throws<IndexOutOfRangeException>(() => Ops.IndexAdd(x, 1, [0, 1, 5], 4)).Message, StringComparison.Ordinal);
        Assert.Contains("source shape", Assert.Throws<ArgumentException>(() => Ops.ScatterAdd(x, 1, Tensor.FromArray(new[] { 0, 0 }, 2, 1), [2, 3])).Message, StringComparison.Ordinal);
        Assert.Contains("2 indices for an axis of size 3", Assert.Throws<ArgumentException>(() => Ops.IndexAdd(x, 1, [0, 1], 4)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_along_an_axis_sends_the_gradient_to_the_first_of_tied_maxima()
    {
        var x = Tensor.FromArray(new[] { 2.0, 5, 5, 1 }, 1, 4).RequireGrad();
        Ops.Sum(Ops.Max(x, 1)).Backward();
        Assert.Equal(new[] { 0.0, 1, 0, 0 }, x.Grad!.ToDoubleArray());
        var (values, indices) = Ops.MaxWithIndex(x, -1, keepDim: true);
        Assert.Equal(new[] { 1, 1 }, values.ShapeArray());
        Assert.Equal(new[] { 1 }, indices);
    }
}
