using MetaRL.Optim;
using static MetaRL.Tests.Core.Optim.OptimTestSupport;

namespace MetaRL.Tests.Core.Optim;

public sealed class AdamTests
{
    // Two steps on θ = [1, −2] with gradients [0.5, −1] then [0.1, 0.3], lr 0.1, betas 0.9/0.999, eps 1e-8.
    // Expected values from PyTorch's formulas evaluated in Python (float64):
    //   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  θ ← θ − lr·m̂/(√v̂ + ε).
    private static readonly double[][] Grads = [[0.5, -1.0], [0.1, 0.3]];

    [Fact]
    public void Adam_matches_the_hand_computed_two_step_trajectory()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Adam([p], new AdamOptions { LearningRate = 0.1 }), p, Grads);
        Close([0.8196959063846518, -1.8572151424292265], result);
    }

    [Fact]
    public void Adam_with_weight_decay_adds_it_to_the_gradient()
    {
        var p = Param(1.0, -2.0);
        var result = Run(new Adam([p], new AdamOptions { LearningRate = 0.1, WeightDecay = 0.1 }), p, Grads);
        Close([0.8136483454297575, -1.8400703555381717], result);
    }

    [Fact]
    public void AdamW_decays_the_parameters_before_the_adam_step()
    {
        var p = Param(1.0, -2.0);
        var result = Run(AdamW.Create([p], learningRate: 0.1, weightDecay: 0.1), p, Grads);
        Close([0.8007959063646517, -1.8184151424192265], result);
    }

    [Fact]
    public void AdamW_defaults_are_pytorchs()
    {
        var adamw = AdamW.Create([Param(1.0)]);
        Assert.True(adamw.Options.Decoupled);
        Assert.Equal(0.01, adamw.Options.WeightDecay);
        Assert.Equal(1e-3, adamw.LearningRate);
        Assert.Equal(0.9, adamw.Options.Beta1);
        Assert.Equal(0.999, adamw.Options.Beta2);
        Assert.Equal(1e-8, adamw.Options.Epsilon);
        Assert.True(AdamW.Create([Param(1.0)], new AdamOptions { WeightDecay = 0.2 }).Options.Decoupled);
    }

    [Fact]
    public void With_zero_gradient_AdamW_shrinks_parameters_by_exactly_one_minus_lr_times_decay_while_coupled_Adam_moves_by_about_lr()
    {
        var w = Param(2.0);
        var decoupled = Run(AdamW.Create([w], learningRate: 0.1, weightDecay: 0.01), w, [0.0], [0.0], [0.0]);
        Close([2.0 * Math.Pow(1 - 0.001, 3)], decoupled);

        var c = Param(2.0);
        var coupled = Run(new Adam([c], new AdamOptions { LearningRate = 0.1, WeightDecay = 0.01 }), c, [0.0], [0.0], [0.0]);
        // Coupled decay makes the gradient λθ, which Adam normalises to a step of about lr each time.
        Assert.True(Math.Abs(coupled[0] - (2.0 - 0.3)) < 0.01, $"coupled Adam gave {coupled[0]}");
    }
}
