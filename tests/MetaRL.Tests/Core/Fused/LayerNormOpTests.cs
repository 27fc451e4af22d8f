using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Fused;

/// <summary>The fused layer norm (<see cref="Ops.LayerNorm"/>) against its composed twin and float64 finite differences, first and second order.</summary>
public sealed class LayerNormOpTests
{
    [Fact]
    public void Fused_layer_norm_matches_the_composed_one_in_values_and_gradients()
    {
        var rng = new Rng(1);
        Tensor[] Inputs() => [Tensor.RandU([4, 3, 10], new Rng(2), -3, 3).RequireGrad(), Tensor.RandU([10], new Rng(3), 0.5, 1.5).RequireGrad(), Tensor.RandU([10], new Rng(4), -1, 1).RequireGrad()];
        var weights = Tensor.RandN([4, 3, 10], rng);
        (float[] Y, float[][] Grads) Run(Func<Tensor[], Tensor> f)
        {
            var x = Inputs();
            var y = f(x);
            return (y.ToFloatArray(), [.. Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(y, weights)), x).Select(g => g.ToFloatArray())]);
        }
        var fused = Run(x => Ops.LayerNorm(x[0], x[1], x[2]));
        var composed = Run(x => Ops.LayerNormComposed(x[0], x[1], x[2]));
        Assert.Equal(composed.Y, fused.Y, (a, b) => Math.Abs(a - b) <= 1e-5f);
        for (int k = 0; k < 3; k++) { Assert.Equal(composed.Grads[k], fused.Grads[k], (a, b) => Math.Abs(a - b) <= 1e-4f * (1 + Math.Abs(a))); }
    }

    [Fact]
    public void Fused_layer_norm_gradients_match_finite_differences() =>
        GradCheck.Assert(x => Ops.LayerNorm(x[0], x[1], x[2]), GradCheck.Rand(1, -2, 2, 3, 5), GradCheck.Rand(2, 0.5, 1.5, 5), GradCheck.Rand(3, -1, 1, 5));

    [Fact]
    public void Fused_layer_norm_without_affine_parameters_matches_finite_differences() =>
        GradCheck.Assert(x => Ops.LayerNorm(x[0], null, null, eps: 1e-3), GradCheck.Rand(4, -2, 2, 2, 6));

    [Fact]
    public void Second_derivatives_through_the_fused_layer_norm_match_finite_differences() =>
        GradCheck.Assert(
            x =>
            {
                using var grad = Autograd.Autograd.EnableGrad();
                var y = Ops.Sum(Ops.Tanh(Ops.LayerNorm(x[0], x[1], null)));
                return Autograd.Autograd.Grad(y, [x[0]], createGraph: true)[0];
            },
            GradCheck.Rand(5, -2, 2, 2, 4), GradCheck.Rand(6, 0.5, 1.5, 4));

    [Fact]
    public void Fused_layer_norm_rejects_parameters_of_the_wrong_width() =>
        Assert.Throws<ArgumentException>(() => Ops.LayerNorm(Tensor.Zeros([2, 5]), Tensor.Ones([4]), null));
}
