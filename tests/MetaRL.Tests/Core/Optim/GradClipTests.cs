using MetaRL.Optim;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Optim;

public sealed class GradClipTests
{
    private static Tensor WithGrad(params double[] grad)
    {
        var p = Tensor.Zeros([grad.Length], DType.Float64);
        p.RequiresGrad = true;
        p.Grad = Tensor.FromArray(grad, grad.Length);
        return p;
    }

    [Fact]
    public void Returns_the_global_norm_and_leaves_small_gradients_unchanged()
    {
        var a = WithGrad(3.0);
        var b = WithGrad(0.0, 4.0);
        double norm = GradClip.ClipGradNorm([a, b], 10.0);
        Assert.Equal(5.0, norm, 12);
        Assert.Equal(3.0, a.Grad![0]);
        Assert.Equal(4.0, b.Grad![1]);
    }

    [Fact]
    public void Scales_large_gradients_by_max_norm_over_norm_plus_1e6()
    {
        var a = WithGrad(3.0);
        var b = WithGrad(0.0, 4.0);
        double norm = GradClip.ClipGradNorm([a, b], 1.0);
        Assert.Equal(5.0, norm, 12);
        double coef = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3.0 * coef, a.Grad![0], 15);
        Assert.Equal(4.0 * coef, b.Grad![1], 15);
        Assert.Equal(0.0, b.Grad![0]);
    }

    [Fact]
    public void Float32_gradients_are_clipped_and_the_norm_accumulates_in_double()
    {
        var p = Tensor.Zeros([1000]);
        p.RequiresGrad = true;
        p.Grad = Tensor.Full([1000], 0.1);
        double norm = GradClip.ClipGradNorm([p], 0.5);
        Assert.Equal(Math.Sqrt(1000) * 0.1f, norm, 9);
        double after = Math.Sqrt(p.Grad.ToDoubleArray().Sum(v => v * v));
        Assert.Equal(0.5, after, 5);
    }

    [Fact]
    public void Parameters_without_gradients_are_skipped()
    {
        var a = WithGrad(6.0, 8.0);
        var none = Tensor.Zeros([3], DType.Float64);
        Assert.Equal(10.0, GradClip.ClipGradNorm([a, none], 100.0), 12);
        Assert.Null(none.Grad);
    }

    [Fact]
    public void Gradients_sharing_storage_are_each_scaled_exactly_once()
    {
        // Autograd may hand one buffer to several leaves (the gradient of a + b reaches both unchanged).
        var a = Tensor.Zeros([2], DType.Float64);
        var b = Tensor.Zeros([2], DType.Float64);
        a.RequiresGrad = b.RequiresGrad = true;
        var shared = Tensor.FromArray(new[] { 3.0, 4.0 }, 2);
        a.Grad = shared;
        b.Grad = shared.Detach();
        double norm = GradClip.ClipGradNorm([a, b], 1.0);
        Assert.Equal(Math.Sqrt(50), norm, 12);
        double coef = 1.0 / (Math.Sqrt(50) + 1e-6);
        Assert.Equal(3.0 * coef, a.Grad![0], 15);
        Assert.Equal(3.0 * coef, b.Grad![0], 15);
    }

    [Fact]
    public void Clipping_the_gradients_of_a_sum_computed_by_autograd_scales_each_leaf_once()
    {
        var a = Tensor.FromArray(new[] { 1.0, 2.0 }, 2);
        var b = Tensor.FromArray(new[] { 3.0, 4.0 }, 2);
        a.RequiresGrad = b.RequiresGrad = true;
        ((a + b) * 3.0).Sum().Backward();
        double norm = GradClip.ClipGradNorm([a, b], 1.0);
        Assert.Equal(6.0, norm, 12);
        Assert.Equal(3.0 / (6.0 + 1e-6), a.Grad![0], 15);
        Assert.Equal(3.0 / (6.0 + 1e-6), b.Grad![1], 15);
    }

    [Fact]
    public void A_non_finite_gradient_gives_a_non_finite_norm()
    {
        var a = WithGrad(double.NaN, 1.0);
        Assert.True(double.IsNaN(GradClip.ClipGradNorm([a], 1.0)));
        var b = WithGrad(double.PositiveInfinity);
        Assert.True(double.IsPositiveInfinity(GradClip.ClipGradNorm([b], 1.0)));
    }
}
