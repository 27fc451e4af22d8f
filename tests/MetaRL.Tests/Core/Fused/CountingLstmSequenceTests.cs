using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Fused;

/// <summary>
/// The fused LSTM recurrence in its <see cref="LstmVariant.Counting"/> variant (layer-normalised recurrent projection,
/// forget bias 1, ReLU candidate, unsquashed output) against its composed twin and finite differences; the shared
/// suite holds the norm's gain and bias fixed, and one more check differentiates with respect to them.
/// </summary>
public sealed class CountingLstmSequenceTests : FusedRecurrenceTests
{
    protected override int Gates => 4;

    protected override int StateFactor => 2;

    private static (Tensor Gain, Tensor Bias) Norm(int width, DType dtype) =>
        (Tensor.RandU([width], new Rng(21), 0.5, 1.5, dtype), Tensor.RandU([width], new Rng(22), -0.3, 0.3, dtype));

    protected override Tensor Fused(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh = null, bool[]? resets = null)
    {
        var (gain, bias) = Norm(whh.Dim(0), gi.DType);
        return Ops.LstmSequence(gi, state0, whh, bhh, resets, LstmVariant.Counting, gain, bias);
    }

    protected override Tensor Composed(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh, bool[]? resets)
    {
        var (gain, bias) = Norm(whh.Dim(0), gi.DType);
        return Ops.LstmSequenceComposed(gi, state0, whh, bhh, resets, LstmVariant.Counting, gain, bias);
    }

    [Fact]
    public void Layer_norm_gain_and_bias_gradients_match_finite_differences() =>
        GradCheck.Assert(
            x => Ops.LstmSequence(x[0], x[1], x[2], null, [false, false, true, false, false, false], LstmVariant.Counting, x[3], x[4]),
            GradCheck.Rand(1, -1.5, 1.5, 3, 2, 8), GradCheck.Rand(2, -1, 1, 2, 4), GradCheck.Rand(3, -0.8, 0.8, 8, 2), GradCheck.Rand(4, 0.5, 1.5, 8), GradCheck.Rand(5, -0.3, 0.3, 8));

    [Fact]
    public void Forget_bias_gradients_match_finite_differences_when_the_input_projection_is_a_constant()
    {
        // gi needs no gradient here, so the backward writes its pre-activation gradient into the per-thread scratch;
        // the standard cell with a forget bias runs the vectorised cell gradients.
        var gi = GradCheck.Rand(12, -1.5, 1.5, 3, 2, 8);
        GradCheck.Assert(
            x => Ops.LstmSequence(gi, x[0], x[1], x[2], [false, true, false, false, false, false], LstmVariant.Standard with { ForgetBias = 1 }),
            GradCheck.Rand(13, -1, 1, 2, 4), GradCheck.Rand(14, -0.8, 0.8, 8, 2), GradCheck.Rand(15, -0.5, 0.5, 8));
    }

    [Fact]
    public void Each_variant_part_changes_the_output_and_the_fused_op_follows_the_composed_one()
    {
        var rng = new Rng(4);
        var gi = Tensor.RandU([5, 3, 16], rng, -1.5, 1.5);
        var s0 = Tensor.RandU([3, 8], rng, -1, 1);
        var whh = Tensor.RandU([16, 4], rng, -0.6, 0.6);
        var (gain, bias) = Norm(16, DType.Float32);
        LstmVariant[] variants = [LstmVariant.Standard, LstmVariant.Standard with { ForgetBias = 1 }, LstmVariant.Standard with { ReluCandidate = true },
            LstmVariant.Standard with { LinearOutput = true }, LstmVariant.Standard with { LayerNorm = true }];
        var outputs = variants.Select(v =>
        {
            var fused = Ops.LstmSequence(gi, s0, whh, null, null, v, v.LayerNorm ? gain : null, v.LayerNorm ? bias : null).ToFloatArray();
            var composed = Ops.LstmSequenceComposed(gi, s0, whh, null, null, v, v.LayerNorm ? gain : null, v.LayerNorm ? bias : null).ToFloatArray();
            Assert.Equal(composed, fused, (a, b) => Math.Abs(a - b) <= 1e-5f * (1 + Math.Abs(a)));
            return fused;
        }).ToArray();
        for (int k = 1; k < outputs.Length; k++) { Assert.NotEqual(outputs[0], outputs[k]); }
        Assert.Throws<ArgumentException>(() => Ops.LstmSequence(gi, s0, whh, null, null, LstmVariant.Counting));
        Assert.Throws<ArgumentException>(() => Ops.LstmSequence(gi, s0, whh, null, null, LstmVariant.Standard, gain, bias));
    }
}
