using MetaRL.Kernels;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Fused;

/// <summary>The fused causal attention (<see cref="Ops.CausalAttention"/>) against a plain-loop reference, its composed
/// twin and float64 finite differences; the causal property bit for bit; independence from the thread count.</summary>
public sealed class CausalAttentionOpTests
{
    /// <summary>softmax(q·kᵀ/√hd + causal mask)·v per sequence and head, in plain doubles.</summary>
    internal static double[] Reference(Tensor q, Tensor k, Tensor v, int heads)
    {
        int batch = q.Dim(0), steps = q.Dim(1), width = q.Dim(2), hd = width / heads;
        double[] qd = q.ToDoubleArray(), kd = k.ToDoubleArray(), vd = v.ToDoubleArray();
        var o = new double[qd.Length];
        for (int b = 0; b < batch; b++)
        {
            for (int h = 0; h < heads; h++)
            {
                for (int t = 0; t < steps; t++)
                {
                    var s = new double[t + 1];
                    for (int j = 0; j <= t; j++)
                    {
                        for (int c = 0; c < hd; c++) { s[j] += qd[((b * steps + t) * width) + (h * hd) + c] * kd[((b * steps + j) * width) + (h * hd) + c]; }
                        s[j] /= Math.Sqrt(hd);
                    }
                    double max = s.Max(), z = s.Sum(x => Math.Exp(x - max));
                    for (int j = 0; j <= t; j++)
                    {
                        double p = Math.Exp(s[j] - max) / z;
                        for (int c = 0; c < hd; c++) { o[((b * steps + t) * width) + (h * hd) + c] += p * vd[((b * steps + j) * width) + (h * hd) + c]; }
                    }
                }
            }
        }
        return o;
    }

    private static Tensor[] Qkv(int seed, int batch, int steps, int width, DType dtype = DType.Float32)
    {
        var rng = new Rng(seed);
        return [Tensor.RandN([batch, steps, width], rng, dtype), Tensor.RandN([batch, steps, width], rng, dtype), Tensor.RandN([batch, steps, width], rng, dtype)];
    }

    [Theory]
    [InlineData(1, 1, 4, 1)]
    [InlineData(2, 7, 12, 3)]
    [InlineData(2, 50, 16, 2)]
    [InlineData(1, 97, 64, 2)]
    [InlineData(3, 130, 40, 5)]
    public void Fused_attention_matches_plain_arithmetic(int batch, int steps, int width, int heads)
    {
        var x = Qkv(steps, batch, steps, width);
        var y = Ops.CausalAttention(x[0], x[1], x[2], heads);
        var expected = Reference(x[0], x[1], x[2], heads);
        Assert.Equal([batch, steps, width], y.ShapeArray());
        for (int i = 0; i < expected.Length; i++) { Assert.True(Math.Abs(expected[i] - y[i]) <= 2e-5 * (1 + Math.Abs(expected[i])), $"y[{i}]: expected {expected[i]}, got {y[i]}"); }
    }

    [Theory]
    [InlineData(2, 9, 8, 2)]
    [InlineData(2, 61, 32, 4)]
    [InlineData(1, 100, 24, 3)]
    public void Fused_attention_gradients_match_the_composed_twin(int batch, int steps, int width, int heads)
    {
        var weights = Tensor.RandN([batch, steps, width], new Rng(9));
        (float[] Y, float[][] Grads) Run(Func<Tensor[], Tensor> f)
        {
            var x = Qkv(steps + 1, batch, steps, width).Select(t => t.RequireGrad()).ToArray();
            var y = f(x);
            return (y.ToFloatArray(), [.. Autograd.Autograd.Grad(Ops.Sum(Ops.Mul(y, weights)), x).Select(g => g.ToFloatArray())]);
        }
        var fused = Run(x => Ops.CausalAttention(x[0], x[1], x[2], heads));
        var composed = Run(x => Ops.CausalAttentionComposed(x[0], x[1], x[2], heads));
        Assert.Equal(composed.Y, fused.Y, (a, b) => Math.Abs(a - b) <= 2e-5f * (1 + Math.Abs(a)));
        for (int k = 0; k < 3; k++) { Assert.Equal(composed.Grads[k], fused.Grads[k], (a, b) => Math.Abs(a - b) <= 1e-4f * (1 + Math.Abs(a))); }
    }

    [Fact]
    public void Fused_attention_gradients_match_finite_differences() =>
        GradCheck.Assert(x => Ops.CausalAttention(x[0], x[1], x[2], 2), GradCheck.Rand(1, -1, 1, 2, 5, 4), GradCheck.Rand(2, -1, 1, 2, 5, 4), GradCheck.Rand(3, -1, 1, 2, 5, 4));

    [Fact]
    public void Fused_attention_gradients_across_several_query_blocks_match_finite_differences()
    {
        // More positions than one block of query rows (CausalAttention.BlockRows), so dK and dV gather over blocks.
        int steps = CausalAttention.BlockRows + 5;
        GradCheck.Assert(x => Ops.CausalAttention(x[0], x[1], x[2], 1), GradCheck.Rand(4, -1, 1, 1, steps, 2), GradCheck.Rand(5, -1, 1, 1, steps, 2), GradCheck.Rand(6, -1, 1, 1, steps, 2));
    }

    [Fact]
    public void Second_derivatives_through_the_fused_attention_match_finite_differences() =>
        SecondOrderCheck.Assert(x => Ops.CausalAttention(x[0], x[1], x[2], 2), GradCheck.Rand(7, -1, 1, 1, 3, 4), GradCheck.Rand(8, -1, 1, 1, 3, 4), GradCheck.Rand(9, -1, 1, 1, 3, 4));

    [Fact]
    public void Changing_a_later_position_leaves_every_earlier_output_bit_identical()
    {
        const int steps = 100, changed = 70;
        var x = Qkv(11, 2, steps, 16);
        var y = Ops.CausalAttention(x[0], x[1], x[2], 2).ToFloatArray();
        var edited = x.Select(t => t.Clone()).ToArray();
        foreach (var t in edited)
        {
            for (int b = 0; b < 2; b++)
            {
                for (int c = 0; c < 16; c++) { t.F32[((b * steps + changed) * 16) + c] += 3f; }
            }
        }
        var y2 = Ops.CausalAttention(edited[0], edited[1], edited[2], 2).ToFloatArray();
        for (int b = 0; b < 2; b++)
        {
            var before = (b * steps * 16)..(((b * steps) + changed) * 16);
            Assert.Equal(y[before], y2[before]);
            var at = (((b * steps) + changed) * 16)..(((b * steps) + changed + 1) * 16);
            Assert.NotEqual(y[at], y2[at]);
        }
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        // Enough (sequence, head) pairs and positions for the op to split them over two workers.
        var x = Qkv(12, 4, 128, 32).Select(t => t.RequireGrad()).ToArray();
        var g = Tensor.RandN([4, 128, 32], new Rng(13));
        int saved = MatMul.MaxThreads;
        (float[], float[][]) Run(int threads)
        {
            MatMul.MaxThreads = threads;
            var y = Ops.CausalAttention(x[0], x[1], x[2], 4);
            return (y.ToFloatArray(), Autograd.Autograd.Grad([y], x, [g]).Select(t => t.ToFloatArray()).ToArray());
        }
        try
        {
            var (y1, g1) = Run(1);
            var (y2, g2) = Run(2);
            Assert.Equal(y1, y2);
            for (int k = 0; k < 3; k++) { Assert.Equal(g1[k], g2[k]); }
        }
        finally
        {
            MatMul.MaxThreads = saved;
        }
    }

    [Fact]
    public void Fused_attention_rejects_mismatched_shapes_and_head_counts()
    {
        var a = Tensor.Zeros([1, 3, 4]);
        Assert.Throws<ArgumentException>(() => Ops.CausalAttention(a, Tensor.Zeros([1, 2, 4]), a, 2));
        Assert.Throws<ArgumentException>(() => Ops.CausalAttention(a, a, a, 3));
        Assert.Throws<ArgumentException>(() => Ops.CausalAttention(Tensor.Zeros([3, 4]), Tensor.Zeros([3, 4]), Tensor.Zeros([3, 4]), 2));
        Assert.Throws<ArgumentException>(() => Ops.CausalAttention(a, a, Tensor.Zeros([1, 3, 4], DType.Float64), 2));
    }
}
