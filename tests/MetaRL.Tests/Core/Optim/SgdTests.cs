using MetaRL.Optim;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Optim.OptimTestSupport;

namespace MetaRL.Tests.Core.Optim;

public sealed class SgdTests
{
    private static readonly double[] G1 = [0.5, 0.25];
    private static readonly double[] G2 = [0.5, 0.25];

    [Fact]
    public void Plain_sgd_steps_against_the_gradient_by_the_learning_rate()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = 0.1 }), p, G1, [-1.0, 2.0]);
        // 1 − 0.05 + 0.1 = 1.05; −2 − 0.025 − 0.2 = −2.225
        Close([1.05, -2.225], result);
    }

    [Fact]
    public void Momentum_buffer_starts_at_the_gradient_and_then_accumulates()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.9 }), p, G1, G2);
        // b1 = g = [0.5, 0.25] → p = [0.95, −2.025]; b2 = 0.9·b1 + g = [0.95, 0.475] → p = [0.855, −2.0725]
        Close([0.855, -2.0725], result);
    }

    [Fact]
    public void Nesterov_steps_along_the_gradient_plus_momentum_times_the_buffer()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Nesterov = true }), p, G1, G2);
        // step 1: b = g, update g + 0.9·b = [0.95, 0.475] → [0.905, −2.0475]
        // step 2: b = [0.95, 0.475], update g + 0.9·b = [1.355, 0.6775] → [0.7695, −2.11525]
        Close([0.7695, -2.11525], result);
    }

    [Fact]
    public void Dampening_scales_the_gradient_entering_the_buffer_except_on_the_first_step()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.9, Dampening = 0.5 }), p, G1, G2);
        // b1 = g (undamped) → [0.95, −2.025]; b2 = 0.9·b1 + 0.5·g = [0.7, 0.35] → [0.88, −2.06]
        Close([0.88, -2.06], result);
    }

    [Fact]
    public void Weight_decay_adds_lambda_times_the_parameter_to_the_gradient()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = 0.1, WeightDecay = 0.1 }), p, G1);
        // g' = [0.5 + 0.1, 0.25 − 0.2] = [0.6, 0.05]
        Close([0.94, -2.005], result);
    }

    [Fact]
    public void Weight_decay_enters_the_momentum_buffer()
    {
        var p = Param(1.0);
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = 0.1, Momentum = 0.5, WeightDecay = 0.1 }), p, [0.0], [0.0]);
        // b1 = 0.1·1 = 0.1 → p = 0.99; b2 = 0.5·0.1 + 0.1·0.99 = 0.149 → p = 0.99 − 0.0149 = 0.9751
        Close([0.9751], result);
    }

    [Fact]
    public void Under_a_constant_gradient_momentum_moves_by_the_geometric_series()
    {
        var p = Param(0.0);
        const double mu = 0.8, lr = 0.01, g = 2.0;
        var grads = Enumerable.Repeat(new[] { g }, 10).ToArray();
        var result = Run(new Sgd([p], new SgdOptions { LearningRate = lr, Momentum = mu }), p, grads);
        // After t steps the buffer is g·(1 − μ^t)/(1 − μ); the displacement is lr times their sum.
        double expected = 0;
        for (int t = 1; t <= 10; t++) { expected -= lr * g * (1 - Math.Pow(mu, t)) / (1 - mu); }
        Close([expected], result, 1e-12);
    }

    [Fact]
    public void Float32_parameters_follow_the_float64_trajectory()
    {
        var p64 = Param(0.3, -0.7, 1.1);
        var p32 = Tensor.FromArray(new[] { 0.3f, -0.7f, 1.1f }, 3);
        var options = new SgdOptions { LearningRate = 0.05, Momentum = 0.9, Nesterov = true, WeightDecay = 0.01 };
        var o64 = new Sgd([p64], options);
        var o32 = new Sgd([p32], options);
        for (int step = 0; step < 20; step++)
        {
            // Gradient of ½·‖θ‖² + sin, computed by hand so the two runs see their own parameters.
            p64.Grad = Tensor.FromArray(p64.ToDoubleArray().Select(v => v + Math.Sin(v)).ToArray(), 3);
            p32.Grad = Tensor.FromArray(p32.ToFloatArray().Select(v => v + MathF.Sin(v)).ToArray(), 3);
            o64.Step();
            o32.Step();
        }
        Close(p64.ToDoubleArray(), p32.ToDoubleArray(), 1e-5);
    }

    [Fact]
    public void Parameters_without_a_gradient_are_left_alone_and_get_no_buffer()
    {
        var a = Param(1.0);
        var b = Param(5.0);
        var sgd = new Sgd([a, b], new SgdOptions { LearningRate = 0.1, Momentum = 0.9 });
        a.Grad = Param(1.0);
        sgd.Step();
        Assert.Equal(5.0, b[0]);
        var state = sgd.StateDict();
        Assert.Contains("momentum_buffer.0", state.Keys);
        Assert.DoesNotContain("momentum_buffer.1", state.Keys);
    }

    [Fact]
    public void Nesterov_without_momentum_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Sgd([Param(1.0)], new SgdOptions { Nesterov = true }));
        Assert.Contains("Nesterov", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Sgd([Param(1.0)], new SgdOptions { Nesterov = true, Momentum = 0.9, Dampening = 0.1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([Param(1.0)], new SgdOptions { LearningRate = -1 }));
    }
}
