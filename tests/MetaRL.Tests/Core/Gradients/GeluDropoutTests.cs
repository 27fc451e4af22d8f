using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>The exact GELU (values against erf, float32 against float64, first and second derivatives) and dropout.</summary>
public sealed class GeluDropoutTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(-2.0, -0.9953222650189527)]
    [InlineData(3.5, 0.9999992569016276)]
    public void Float64_erf_matches_tabulated_values(double x, double erf) =>
        Assert.Equal(erf, MetaRL.Kernels.Gelu.Erf(x), 1e-15);

    [Fact]
    public void Gelu_matches_x_times_the_normal_cdf_in_both_precisions()
    {
        var xs = Enumerable.Range(-400, 801).Select(i => i / 50.0).ToArray();
        var y64 = Ops.Gelu(Tensor.FromArray(xs, xs.Length)).ToDoubleArray();
        var y32 = Ops.Gelu(Tensor.FromArray(xs.Select(v => (float)v).ToArray(), xs.Length)).ToDoubleArray();
        Assert.Equal(0.8413447460685429, Ops.Gelu(Tensor.FromArray(new[] { 1.0 }, 1))[0], 1e-15);
        Assert.Equal(-0.15865525393145707, Ops.Gelu(Tensor.FromArray(new[] { -1.0 }, 1))[0], 1e-15);
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.True(Math.Abs(y32[i] - y64[i]) <= 1e-6 * Math.Max(1, Math.Abs(xs[i])), $"gelu({xs[i]}): float32 {y32[i]}, float64 {y64[i]}");
        }
    }

    [Fact]
    public void Float32_gelu_gradient_matches_the_float64_one()
    {
        var xs = Enumerable.Range(-300, 601).Select(i => i / 50.0).ToArray();
        var x64 = Tensor.FromArray(xs, xs.Length).RequireGrad();
        var x32 = Tensor.FromArray(xs.Select(v => (float)v).ToArray(), xs.Length).RequireGrad();
        var g64 = Autograd.Autograd.Grad(Ops.Sum(Ops.Gelu(x64)), [x64])[0].ToDoubleArray();
        var g32 = Autograd.Autograd.Grad(Ops.Sum(Ops.Gelu(x32)), [x32])[0].ToDoubleArray();
        for (int i = 0; i < xs.Length; i++) { Assert.True(Math.Abs(g32[i] - g64[i]) <= 2e-6, $"gelu'({xs[i]}): {g32[i]} vs {g64[i]}"); }
    }

    [Fact]
    public void Gelu_gradients_match_finite_differences() =>
        GradCheck.Assert(x => Ops.Gelu(x[0]), GradCheck.Rand(1, -4, 4, 3, 7));

    [Fact]
    public void Second_derivatives_of_gelu_match_finite_differences() =>
        SecondOrderCheck.Assert(x => Ops.Gelu(x[0]), GradCheck.Rand(2, -3, 3, 2, 5));

    [Fact]
    public void Dropout_zeroes_about_p_of_the_elements_and_rescales_the_rest()
    {
        var x = Tensor.Ones([100, 100]).RequireGrad();
        var y = Ops.Dropout(x, 0.3, new Rng(1));
        var values = y.ToFloatArray();
        double dropped = values.Count(v => v == 0) / (double)values.Length;
        Assert.InRange(dropped, 0.27, 0.33);
        Assert.All(values, v => Assert.True(v == 0 || Math.Abs(v - (1 / 0.7f)) < 1e-6, $"{v}"));
        var g = Autograd.Autograd.Grad(Ops.Sum(y), [x])[0].ToFloatArray();
        Assert.Equal(values, g);
    }

    [Fact]
    public void Dropout_masks_come_from_the_injected_rng()
    {
        var x = Tensor.RandN([50], new Rng(2));
        Assert.Equal(Ops.Dropout(x, 0.5, new Rng(7)).ToFloatArray(), Ops.Dropout(x, 0.5, new Rng(7)).ToFloatArray());
        Assert.NotEqual(Ops.Dropout(x, 0.5, new Rng(7)).ToFloatArray(), Ops.Dropout(x, 0.5, new Rng(8)).ToFloatArray());
        Assert.Same(x, Ops.Dropout(x, 0, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ops.Dropout(x, 1.5, new Rng(1)));
    }

    [Fact]
    public void Dropout_layer_is_the_identity_in_evaluation_mode()
    {
        var layer = new Dropout(0.5, new Rng(3));
        var x = Tensor.RandN([10, 10], new Rng(4));
        Assert.NotEqual(x.ToFloatArray(), layer.Forward(x).ToFloatArray());
        layer.Eval();
        Assert.False(layer.Training);
        Assert.Same(x, layer.Forward(x));
        layer.Train();
        Assert.True(layer.Training);
    }
}
