using MetaRL.Distributions;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Fused;

/// <summary>
/// The fused categorical head (<see cref="Ops.CategoricalLogProbEntropy"/>) against the composition it replaces
/// (bit for bit, values and gradients, in PPO's loss shape), against a naive scalar twin of its kernel, and against
/// finite differences.
/// </summary>
public sealed class CategoricalHeadTests
{
    private static Tensor Actions(Rng rng, int rows, int classes)
    {
        var a = new float[rows];
        for (int b = 0; b < rows; b++) { a[b] = rng.NextInt(classes); }
        return Tensor.FromArray(a, rows);
    }

    /// <summary>PPO's loss shape: the log-probability enters the loss first (through a ratio), the entropy after it.</summary>
    private static Tensor PpoLikeLoss(Tensor logProb, Tensor entropy, Tensor oldLogProb, Tensor advantages, double entCoef)
    {
        var ratio = Ops.Exp(Ops.Sub(logProb, oldLogProb));
        var pg = Ops.Mean(Ops.Maximum(Ops.Mul(Ops.Neg(advantages), ratio), Ops.Mul(Ops.Neg(advantages), Ops.Clamp(ratio, 0.8, 1.2))));
        return Ops.Sub(pg, Ops.MulScalar(Ops.Mean(entropy), entCoef));
    }

    private static void AssertSameBits(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var (e, a) = (expected.ToDoubleArray(), actual.ToDoubleArray());
        for (int i = 0; i < e.Length; i++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(e[i]) == BitConverter.DoubleToInt64Bits(a[i]), $"{what}[{i}]: {e[i]:R} vs {a[i]:R}");
        }
    }

    [Theory]
    [InlineData(1, 2, DType.Float32, 0.01)]
    [InlineData(128, 2, DType.Float32, 0.01)]
    [InlineData(37, 3, DType.Float32, 0.0)]
    [InlineData(64, 7, DType.Float32, 0.05)]
    [InlineData(33, 17, DType.Float32, 0.01)]
    [InlineData(128, 2, DType.Float64, 0.01)]
    [InlineData(19, 5, DType.Float64, 0.0)]
    public void Fused_head_equals_the_composition_bit_for_bit_in_ppos_loss(int rows, int classes, DType dtype, double entCoef)
    {
        var rng = new Rng(rows * 31 + classes);
        var logitsData = Tensor.RandN([rows, classes], rng, dtype);
        var actions = Actions(rng, rows, classes);
        var old = Tensor.RandN([rows], rng, dtype);
        var adv = Tensor.RandN([rows], rng, dtype);
        Tensor Run(bool fused, out Tensor logProb, out Tensor entropy)
        {
            var logits = logitsData.Clone().RequireGrad();
            var hidden = Ops.MulScalar(logits, 1.5); // a non-leaf, as a network's output is
            var dist = new Categorical(hidden);
            (logProb, entropy) = fused ? dist.LogProbAndEntropy(actions) : (dist.LogProb(actions), dist.Entropy());
            PpoLikeLoss(logProb, entropy, old, adv, entCoef).Backward();
            return logits.Grad!;
        }
        var gradComposed = Run(false, out var lpComposed, out var hComposed);
        var gradFused = Run(true, out var lpFused, out var hFused);
        AssertSameBits(lpComposed, lpFused, "log-prob");
        AssertSameBits(hComposed, hFused, "entropy");
        AssertSameBits(gradComposed, gradFused, "gradient");
    }

    [Fact]
    public void Fused_head_matches_the_composition_inside_an_arena_step()
    {
        var rng = new Rng(5);
        var logitsData = Tensor.RandN([64, 3], rng);
        var actions = Actions(rng, 64, 3);
        var (old, adv) = (Tensor.RandN([64], rng), Tensor.RandN([64], rng));
        double[] Run(bool fused)
        {
            var logits = logitsData.Clone().RequireGrad();
            for (int k = 0; k < 3; k++)
            {
                using var step = TensorArena.Step();
                logits.Grad = null;
                var dist = new Categorical(Ops.MulScalar(logits, 1.0));
                var (lp, h) = fused ? dist.LogProbAndEntropy(actions) : (dist.LogProb(actions), dist.Entropy());
                PpoLikeLoss(lp, h, old, adv, 0.01).Backward();
            }
            return logits.Grad!.ToDoubleArray();
        }
        Assert.Equal(Run(false).Select(BitConverter.DoubleToInt64Bits), Run(true).Select(BitConverter.DoubleToInt64Bits));
    }

    /// <summary>The kernel's naive twin: log-softmax, entropy and their gradient written out with Math, in double.</summary>
    private static (double[] LogProb, double[] Entropy, double[] Grad) Naive(double[] z, int rows, int classes, int[] a, double[] gLogProb, double[] gEntropy)
    {
        var (lp, h, grad) = (new double[rows], new double[rows], new double[rows * classes]);
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < classes; j++) { max = Math.Max(max, z[r * classes + j]); }
            double sum = 0;
            for (int j = 0; j < classes; j++) { sum += Math.Exp(z[r * classes + j] - max); }
            var logP = new double[classes];
            for (int j = 0; j < classes; j++) { logP[j] = z[r * classes + j] - max - Math.Log(sum); }
            lp[r] = logP[a[r]];
            for (int j = 0; j < classes; j++) { h[r] -= Math.Exp(logP[j]) * logP[j]; }
            // d lp / dz_j = 1[j = a] − p_j ;  d H / dz_j = −p_j (log p_j + H)
            for (int j = 0; j < classes; j++)
            {
                double p = Math.Exp(logP[j]);
                grad[r * classes + j] = gLogProb[r] * ((j == a[r] ? 1 : 0) - p) + gEntropy[r] * (-p * (logP[j] + h[r]));
            }
        }
        return (lp, h, grad);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 2)]
    [InlineData(16, 3)]
    [InlineData(9, 11)]
    [InlineData(4, 300)]
    public void Kernel_equals_its_naive_twin(int rows, int classes)
    {
        var rng = new Rng(rows + 100 * classes);
        var z = Enumerable.Range(0, rows * classes).Select(_ => 3 * rng.Normal()).ToArray();
        var a = Enumerable.Range(0, rows).Select(_ => rng.NextInt(classes)).ToArray();
        var gLp = Enumerable.Range(0, rows).Select(_ => rng.Normal()).ToArray();
        var gH = Enumerable.Range(0, rows).Select(_ => rng.Normal()).ToArray();
        var (lp, h, grad) = Naive(z, rows, classes, a, gLp, gH);

        var actions = a.Select(k => (float)k).ToArray();
        var (logProbs, probs, picked, entropy, scratch, gz) = (new double[rows * classes], new double[rows * classes], new double[rows], new double[rows], new double[rows * classes], new double[rows * classes]);
        MetaRL.Kernels.CategoricalHead.Forward<double>(z, classes, actions, logProbs, probs, picked, entropy, scratch);
        MetaRL.Kernels.CategoricalHead.Backward<double>(logProbs, probs, classes, actions, gLp, gH, gz, scratch);
        for (int r = 0; r < rows; r++)
        {
            Assert.Equal(lp[r], picked[r], 1e-12);
            Assert.Equal(h[r], entropy[r], 1e-12);
        }
        for (int i = 0; i < grad.Length; i++) { Assert.Equal(grad[i], gz[i], 1e-12); }

        // Without an entropy gradient only the log-probability's term remains.
        var (_, _, gradLpOnly) = Naive(z, rows, classes, a, gLp, new double[rows]);
        MetaRL.Kernels.CategoricalHead.Backward<double>(logProbs, probs, classes, actions, gLp, default, gz, scratch);
        for (int i = 0; i < grad.Length; i++) { Assert.Equal(gradLpOnly[i], gz[i], 1e-12); }
    }

    [Fact]
    public void Gradient_matches_finite_differences()
    {
        var rng = new Rng(11);
        var actions = Actions(rng, 6, 4);
        var weight = Tensor.RandN([6], rng, DType.Float64);
        GradCheck.Assert(x =>
        {
            var (lp, h) = Ops.CategoricalLogProbEntropy(x[0], actions);
            return Ops.Add(lp, Ops.Mul(h, weight));
        }, GradCheck.Rand(3, -2, 2, 6, 4));
    }

    [Fact]
    public void Only_the_log_probability_or_only_the_entropy_in_the_loss_gives_that_terms_gradient()
    {
        var rng = new Rng(12);
        var z = Tensor.RandN([8, 3], rng, DType.Float64);
        var actions = Actions(rng, 8, 3);
        foreach (bool useEntropy in new[] { false, true })
        {
            var fusedIn = z.Clone().RequireGrad();
            var (lp, h) = Ops.CategoricalLogProbEntropy(fusedIn, actions);
            Ops.Sum(useEntropy ? h : lp).Backward();
            var composedIn = z.Clone().RequireGrad();
            var dist = new Categorical(composedIn);
            Ops.Sum(useEntropy ? dist.Entropy() : dist.LogProb(actions)).Backward();
            var (f, c) = (fusedIn.Grad!.ToDoubleArray(), composedIn.Grad!.ToDoubleArray());
            for (int i = 0; i < f.Length; i++) { Assert.Equal(c[i], f[i], 1e-14); }
        }
    }

    [Fact]
    public void Second_order_gradients_equal_the_compositions()
    {
        var rng = new Rng(13);
        var z = Tensor.RandN([5, 3], rng, DType.Float64);
        var actions = Actions(rng, 5, 3);
        double[] HessianRow(bool fused)
        {
            var x = z.Clone().RequireGrad();
            var dist = new Categorical(x);
            var (lp, h) = fused ? dist.LogProbAndEntropy(actions) : (dist.LogProb(actions), dist.Entropy());
            var loss = Ops.Sub(Ops.Sum(lp), Ops.MulScalar(Ops.Sum(h), 0.3));
            var g = MetaRL.Autograd.Autograd.Grad(loss, [x], createGraph: true)[0];
            return MetaRL.Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(g, g)), [x])[0].ToDoubleArray();
        }
        var (composed, fusedRow) = (HessianRow(false), HessianRow(true));
        for (int i = 0; i < composed.Length; i++) { Assert.Equal(composed[i], fusedRow[i], 1e-12); }
    }

    [Fact]
    public void A_class_index_out_of_range_is_refused_with_the_row_named()
    {
        var logits = Tensor.RandN([3, 2], new Rng(1));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Ops.CategoricalLogProbEntropy(logits, Tensor.FromArray(new float[] { 0, 2, 1 }, 3)));
        Assert.Contains("row 1", ex.Message);
        Assert.Throws<ArgumentException>(() => Ops.CategoricalLogProbEntropy(logits, Tensor.FromArray(new float[] { 0, 1 }, 2)));
    }
}
