using MetaRL.Distributions;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Distributions;

public sealed class CategoricalTests
{
    private static readonly Tensor Actions = Tensor.FromArray(new[] { 0.0, 2.0, 1.0 }, 3);

    [Fact]
    public void LogProb_gradient_matches_finite_differences() =>
        GradCheck.Assert(x => new Categorical(x[0]).LogProb(Actions), GradCheck.Rand(1, -2, 2, 3, 4));

    [Fact]
    public void Entropy_gradient_matches_finite_differences() =>
        GradCheck.Assert(x => new Categorical(x[0]).Entropy(), GradCheck.Rand(2, -2, 2, 3, 4));

    [Fact]
    public void Kl_gradient_matches_finite_differences_in_both_arguments() =>
        GradCheck.Assert(x => new Categorical(x[0]).KlDivergence(new Categorical(x[1])), GradCheck.Rand(3, -2, 2, 3, 4), GradCheck.Rand(4, -2, 2, 3, 4));

    [Fact]
    public void LogProb_and_entropy_match_hand_computed_values()
    {
        var d = new Categorical(Tensor.FromArray(new[] { 0.0, Math.Log(3.0) }, 1, 2));
        Assert.Equal(Math.Log(0.75), d.LogProb(Tensor.FromArray(new[] { 1.0 }, 1)).Item(), 12);
        Assert.Equal(-(0.25 * Math.Log(0.25) + 0.75 * Math.Log(0.75)), d.Entropy().Item(), 12);
    }

    [Fact]
    public void Kl_of_a_distribution_with_itself_is_zero_and_otherwise_positive()
    {
        var p = new Categorical(GradCheck.Rand(5, -2, 2, 4, 3));
        var q = new Categorical(GradCheck.Rand(6, -2, 2, 4, 3));
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal(0.0, p.KlDivergence(p)[b], 12);
            Assert.True(p.KlDivergence(q)[b] > 0);
        }
    }

    [Fact]
    public void Sample_frequencies_follow_the_probabilities()
    {
        var logits = Tensor.FromArray(new float[] { 0f, MathF.Log(2f), MathF.Log(7f) }, 1, 3);
        var big = Ops.BroadcastTo(logits, [20000, 3]);
        var samples = new Categorical(big).Sample(new Rng(7));
        var counts = new int[3];
        for (int i = 0; i < samples.Numel; i++) { counts[(int)samples[i]]++; }
        Assert.InRange(counts[0] / 20000.0, 0.1 - 0.01, 0.1 + 0.01);
        Assert.InRange(counts[1] / 20000.0, 0.2 - 0.015, 0.2 + 0.015);
        Assert.InRange(counts[2] / 20000.0, 0.7 - 0.015, 0.7 + 0.015);
    }

    [Fact]
    public void Mode_is_the_argmax_and_out_of_range_actions_are_rejected()
    {
        var d = new Categorical(Tensor.FromArray(new float[] { 1f, 3f, 2f, 5f, 0f, 1f }, 2, 3));
        Assert.Equal(new float[] { 1f, 0f }, d.Mode().ToFloatArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => d.LogProb(Tensor.FromArray(new float[] { 0f, 3f }, 2)));
    }
}
