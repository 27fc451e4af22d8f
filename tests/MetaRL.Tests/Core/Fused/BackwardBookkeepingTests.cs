using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Fused;

/// <summary>The backward pass's pooled bookkeeping keeps PyTorch's semantics.</summary>
public sealed class BackwardBookkeepingTests
{
    [Fact]
    public void Gradients_accumulate_over_two_backward_calls()
    {
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }, 3).RequireGrad();
        Ops.Sum(Ops.Mul(x, x)).Backward();
        Ops.Sum(Ops.Mul(x, x)).Backward();
        Assert.Equal(new[] { 4.0, 8.0, 12.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void The_same_output_given_twice_counts_twice()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, 2).RequireGrad();
        var y = Ops.Sum(Ops.Mul(x, x));
        var g = Autograd.Autograd.Grad([y, y], [x]);
        Assert.Equal(new[] { 4.0, 8.0 }, g[0].ToDoubleArray());
    }

    [Fact]
    public void Gradient_with_respect_to_an_intermediate_tensor_is_returned()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, 2).RequireGrad();
        var h = Ops.MulScalar(x, 3);
        var y = Ops.Sum(Ops.Mul(h, h));
        var g = Autograd.Autograd.Grad(y, [h, x]);
        Assert.Equal(new[] { 6.0, 12.0 }, g[0].ToDoubleArray());
        Assert.Equal(new[] { 18.0, 36.0 }, g[1].ToDoubleArray());
    }

    [Fact]
    public void Consecutive_backward_passes_do_not_see_each_others_tensors()
    {
        var x = Tensor.FromArray(new double[] { 2 }, 1).RequireGrad();
        var other = Tensor.FromArray(new double[] { 5 }, 1).RequireGrad();
        var zGrad = Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(x, x)), [x]);
        // x took part in the previous pass only; the reused bookkeeping must have forgotten it.
        Assert.Throws<InvalidOperationException>(() => Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(other, other)), [x]));
        Assert.Equal(4.0, zGrad[0][0]);
        Assert.Equal(10.0, Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(other, other)), [other])[0][0]);
    }

    [Fact]
    public void Unused_input_is_an_error_unless_allowed()
    {
        var x = Tensor.FromArray(new double[] { 1 }, 1).RequireGrad();
        var unused = Tensor.FromArray(new double[] { 1 }, 1).RequireGrad();
        var y = Ops.Sum(Ops.Mul(x, x));
        Assert.Throws<InvalidOperationException>(() => Autograd.Autograd.Grad(y, [unused]));
        Assert.Equal(0.0, Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(x, x)), [unused], allowUnused: true)[0][0]);
    }

    [Fact]
    public void Backward_from_a_non_scalar_without_a_gradient_is_an_error()
    {
        var x = Tensor.FromArray(new double[] { 1, 2 }, 2).RequireGrad();
        Assert.Throws<InvalidOperationException>(() => Ops.Mul(x, x).Backward());
    }
}
