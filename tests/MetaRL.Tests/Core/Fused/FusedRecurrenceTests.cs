using MetaRL.Kernels;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Fused;

/// <summary>
/// What every fused recurrence must satisfy, run for each one by its subclass: the fused op against its naive
/// twin composed of ops, against float64 finite differences (first and second order), on one thread against
/// several, and its shape checks. A recurrence is described by its gate count (the input projection is
/// [T, B, gates·H]) and its state width (H for a GRU, 2H for an LSTM's [h | c]).
/// </summary>
public abstract class FusedRecurrenceTests
{
    private sealed record Case(Tensor Gi, Tensor State0, Tensor Whh, Tensor Bhh, bool[] Resets);

    /// <summary>Gates per unit: the input projection and W_hh have gates·H rows.</summary>
    protected abstract int Gates { get; }

    /// <summary>State units per hidden unit (1 for h, 2 for [h | c]).</summary>
    protected abstract int StateFactor { get; }

    protected abstract Tensor Fused(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh = null, bool[]? resets = null);

    protected abstract Tensor Composed(Tensor gi, Tensor state0, Tensor whh, Tensor? bhh, bool[]? resets);

    private Case Make(int steps, int batch, int hidden, int seed)
    {
        var rng = new Rng(seed);
        var resets = new bool[steps * batch];
        for (int i = 0; i < resets.Length; i++) { resets[i] = rng.NextDouble() < 0.15; }
        return new Case(
            Tensor.RandU([steps, batch, Gates * hidden], rng, -1.5, 1.5),
            Tensor.RandU([batch, StateFactor * hidden], rng, -1, 1),
            Tensor.RandU([Gates * hidden, hidden], rng, -0.6, 0.6),
            Tensor.RandU([Gates * hidden], rng, -0.5, 0.5),
            resets);
    }

    private (float[] Out, float[][] Grads) Run(Case c, bool fused)
    {
        Tensor[] inputs = [c.Gi.Detach().RequireGrad(), c.State0.Detach().RequireGrad(), c.Whh.Detach().RequireGrad(), c.Bhh.Detach().RequireGrad()];
        var y = fused ? Fused(inputs[0], inputs[1], inputs[2], inputs[3], c.Resets) : Composed(inputs[0], inputs[1], inputs[2], inputs[3], c.Resets);
        var weights = Tensor.RandN(y.Shape, new Rng(5));
        var grads = Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(y, weights)), inputs);
        return (y.ToFloatArray(), [.. grads.Select(g => g.ToFloatArray())]);
    }

    private static void Near(float[] expected, float[] actual, float tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i])), $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void Fused_sequence_matches_the_composed_recurrence_in_values_and_gradients()
    {
        // 37 rows: two full row blocks and a partial one; resets scattered over steps and rows.
        var c = Make(steps: 9, batch: 37, hidden: 24, seed: 1);
        var (naiveOut, naiveGrads) = Run(c, fused: false);
        var (fusedOut, fusedGrads) = Run(c, fused: true);
        Near(naiveOut, fusedOut, 1e-5f, "outputs");
        string[] names = ["gi", "state0", "W_hh", "b_hh"];
        for (int k = 0; k < names.Length; k++) { Near(naiveGrads[k], fusedGrads[k], 2e-4f, names[k]); }
        Assert.Contains(fusedGrads[1], v => Math.Abs(v) > 1e-3);
    }

    [Fact]
    public void Fused_sequence_gradients_match_finite_differences() =>
        // 18 rows: one full row block and a partial one; H = 2.
        GradCheck.Assert(
            x => Fused(x[0], x[1], x[2], x[3], [false, false, true, .. new bool[15], false, true, .. new bool[34]]),
            GradCheck.Rand(1, -1.5, 1.5, 3, 18, 2 * Gates), GradCheck.Rand(2, -1, 1, 18, 2 * StateFactor), GradCheck.Rand(3, -0.8, 0.8, 2 * Gates, 2), GradCheck.Rand(4, -0.5, 0.5, 2 * Gates));

    [Fact]
    public void Fused_sequence_without_bias_or_resets_matches_finite_differences() =>
        GradCheck.Assert(x => Fused(x[0], x[1], x[2]), GradCheck.Rand(5, -1.5, 1.5, 4, 2, 3 * Gates), GradCheck.Rand(6, -1, 1, 2, 3 * StateFactor), GradCheck.Rand(7, -0.8, 0.8, 3 * Gates, 3));

    [Fact]
    public void Second_derivatives_through_the_fused_sequence_match_finite_differences() =>
        // The gradient with respect to W_hh, differentiated again: exercises the composed fallback under createGraph.
        GradCheck.Assert(
            x =>
            {
                using var grad = Autograd.Autograd.EnableGrad();
                var y = Ops.Sum(Ops.Tanh(Fused(x[0], x[1], x[2], x[3], [false, true, false, false])));
                return Autograd.Autograd.Grad(y, [x[2]], createGraph: true)[0];
            },
            GradCheck.Rand(8, -1, 1, 2, 2, 2 * Gates), GradCheck.Rand(9, -1, 1, 2, 2 * StateFactor), GradCheck.Rand(10, -0.8, 0.8, 2 * Gates, 2), GradCheck.Rand(11, -0.5, 0.5, 2 * Gates));

    [Fact]
    public void Fused_sequence_gives_identical_bits_on_one_thread_and_on_several()
    {
        // Large enough for the row blocks to run in parallel (gates·T·B·H² ≥ RecurrenceBlocks.ParallelMinWork).
        var c = Make(steps: 12, batch: 64, hidden: 48, seed: 2);
        Assert.True((long)Gates * 12 * 64 * 48 * 48 >= RecurrenceBlocks.ParallelMinWork);
        int saved = MatMul.MaxThreads;
        try
        {
            MatMul.MaxThreads = 1;
            var (out1, grads1) = Run(c, fused: true);
            MatMul.MaxThreads = 4;
            var (out4, grads4) = Run(c, fused: true);
            Assert.Equal(out1, out4);
            for (int k = 0; k < grads1.Length; k++) { Assert.Equal(grads1[k], grads4[k]); }
        }
        finally
        {
            MatMul.MaxThreads = saved;
        }
    }

    [Fact]
    public void Fused_sequence_rejects_mismatched_shapes()
    {
        int g = Gates * 3;
        var s0 = Tensor.Zeros([2, 3 * StateFactor]);
        var whh = Tensor.Zeros([g, 3]);
        Assert.Throws<ArgumentException>(() => Fused(Tensor.Zeros([4, 2, g - 1]), s0, whh));
        Assert.Throws<ArgumentException>(() => Fused(Tensor.Zeros([4, 2, g]), Tensor.Zeros([2, 3 * StateFactor + 1]), whh));
        Assert.Throws<ArgumentException>(() => Fused(Tensor.Zeros([4, 2, g]), s0, whh, Tensor.Zeros([3])));
        Assert.Throws<ArgumentException>(() => Fused(Tensor.Zeros([4, 2, g]), s0, whh, null, new bool[7]));
    }
}
