using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Fused;

/// <summary>The fused ops the fast PPO path uses: values equal to their unfused forms, gradients (and
/// gradients of gradients) equal to finite differences.</summary>
public sealed class FusedOpTests
{
    [Fact]
    public void Linear_matches_finite_differences_for_input_weight_and_bias() =>
        GradCheck.Assert(x => Ops.Linear(x[0], x[1], x[2]), GradCheck.Rand(1, -1, 1, 5, 3), GradCheck.Rand(2, -1, 1, 4, 3), GradCheck.Rand(3, -1, 1, 4));

    [Fact]
    public void Linear_without_bias_matches_finite_differences() =>
        GradCheck.Assert(x => Ops.Tanh(Ops.Linear(x[0], x[1])), GradCheck.Rand(4, -1, 1, 7, 2), GradCheck.Rand(5, -1, 1, 3, 2));

    [Fact]
    public void Linear_equals_matmul_with_transposed_weight_plus_bias()
    {
        var rng = new Random.Rng(8);
        var x = Tensor.RandN([37, 19], rng);
        var w = Tensor.RandN([45, 19], rng);
        var b = Tensor.RandN([45], rng);
        var fused = Ops.Linear(x, w, b).ToFloatArray();
        var plain = Ops.Add(Ops.MatMul(x, Ops.Transpose(w)), b).ToFloatArray();
        for (int i = 0; i < fused.Length; i++) { Assert.Equal(plain[i], fused[i], 1e-4f); }
    }

    [Fact]
    public void Linear_rejects_mismatched_shapes() =>
        Assert.Throws<ArgumentException>(() => Ops.Linear(Tensor.Zeros([2, 3]), Tensor.Zeros([4, 2]), Tensor.Zeros([4])));

    [Fact]
    public void TanhBackward_matches_finite_differences_in_both_inputs() =>
        GradCheck.Assert(x => Ops.TanhBackward(x[0], x[1]), GradCheck.Rand(6, -1, 1, 3, 4), GradCheck.Rand(7, -0.9, 0.9, 3, 4));

    [Fact]
    public void Second_derivative_of_tanh_through_linear_matches_finite_differences() =>
        // d/dx of the gradient of sum(tanh(xWᵀ + b)) with respect to W, so tanh's backward is itself differentiated.
        GradCheck.Assert(
            x =>
            {
                // The finite-difference probes run under NoGrad; the inner gradient still needs its graph.
                using var grad = Autograd.Autograd.EnableGrad();
                var y = Ops.Sum(Ops.Tanh(Ops.Linear(x[0], x[1], x[2])));
                return Autograd.Autograd.Grad(y, [x[1]], createGraph: true)[0];
            },
            GradCheck.Rand(9, -1, 1, 4, 3), GradCheck.Rand(10, -1, 1, 2, 3), GradCheck.Rand(11, -1, 1, 2));
}
