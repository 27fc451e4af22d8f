using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Nn.NnTestUtil;

namespace MetaRL.Tests.Core.Nn;

public sealed class AttentionTests
{
    /// <summary>Causal multi-head attention for one sequence x [T, D], in plain doubles.</summary>
    private static double[] Reference(double[] x, int steps, int dim, int heads, CausalSelfAttention attn)
    {
        double[] Proj(Linear l, double[] input)
        {
            var w = l.Weight.ToDoubleArray();
            var b = l.Bias!.ToDoubleArray();
            var y = new double[steps * dim];
            for (int t = 0; t < steps; t++)
            {
                for (int o = 0; o < dim; o++)
                {
                    double s = b[o];
                    for (int i = 0; i < dim; i++) { s += w[o * dim + i] * input[t * dim + i]; }
                    y[t * dim + o] = s;
                }
            }
            return y;
        }
        var q = Proj(attn.QProj, x);
        var k = Proj(attn.KProj, x);
        var v = Proj(attn.VProj, x);
        int hd = dim / heads;
        var joined = new double[steps * dim];
        for (int h = 0; h < heads; h++)
        {
            for (int t = 0; t < steps; t++)
            {
                var scores = new double[t + 1];
                for (int j = 0; j <= t; j++)
                {
                    for (int c = 0; c < hd; c++) { scores[j] += q[t * dim + h * hd + c] * k[j * dim + h * hd + c]; }
                    scores[j] /= Math.Sqrt(hd);
                }
                double max = scores.Max(), total = scores.Sum(s => Math.Exp(s - max));
                for (int j = 0; j <= t; j++)
                {
                    double a = Math.Exp(scores[j] - max) / total;
                    for (int c = 0; c < hd; c++) { joined[t * dim + h * hd + c] += a * v[j * dim + h * hd + c]; }
                }
            }
        }
        return Proj(attn.OutProj, joined);
    }

    [Fact]
    public void One_head_attention_matches_a_case_worked_by_hand()
    {
        var attn = new CausalSelfAttention(2, 1, new Rng(1));
        foreach (var l in new[] { attn.QProj, attn.KProj, attn.VProj, attn.OutProj })
        {
            Set(l.Weight, 1, 0, 0, 1);
            Set(l.Bias!, 0, 0);
        }
        var x = Tensor.FromArray(new float[] { 1, 0, 0, 1, 1, 1 }, 1, 3, 2);
        var y = attn.Forward(x);
        // t=0 sees only itself: y0 = v0 = [1, 0].
        // t=1: scores (q1·k0, q1·k1)/√2 = (0, 1/√2); y1 = a·[1,0] + (1−a)·[0,1] with a = 1/(1+e^{1/√2}).
        // t=2: scores (1, 1, 2)/√2; y2 = Σ softmax · ([1,0], [0,1], [1,1]).
        double a1 = 1 / (1 + Math.Exp(1 / Math.Sqrt(2)));
        double e1 = Math.Exp(1 / Math.Sqrt(2)), e2 = Math.Exp(2 / Math.Sqrt(2)), z = 2 * e1 + e2;
        double[] expected = [1, 0, a1, 1 - a1, (e1 + e2) / z, (e1 + e2) / z];
        Close(expected, y, 1e-6, "y");
    }

    [Fact]
    public void One_head_attention_with_random_weights_matches_plain_arithmetic()
    {
        var rng = new Rng(4);
        var attn = new CausalSelfAttention(2, 1, rng, dtype: DType.Float64);
        var x = Tensor.RandN([1, 3, 2], rng, DType.Float64);
        Close(Reference(x.ToDoubleArray(), 3, 2, 1, attn), attn.Forward(x), 1e-12, "y");
    }

    [Fact]
    public void Multi_head_attention_matches_plain_arithmetic_per_sequence()
    {
        var rng = new Rng(5);
        var attn = new CausalSelfAttention(6, 3, rng);
        var x = Tensor.RandN([2, 4, 6], rng);
        var y = attn.Forward(x);
        Assert.Equal([2, 4, 6], y.ShapeArray());
        for (int b = 0; b < 2; b++)
        {
            var xb = x.ToDoubleArray()[(b * 24)..((b + 1) * 24)];
            Close(Reference(xb, 4, 6, 3, attn), Ops.Slice(y, 0, b, 1), 1e-5, $"y[{b}]");
        }
    }

    [Fact]
    public void Changing_a_future_position_leaves_earlier_outputs_unchanged()
    {
        var rng = new Rng(6);
        var attn = new CausalSelfAttention(8, 2, rng);
        var block = new TransformerBlock(8, 2, 16, rng);
        var x = Tensor.RandN([2, 5, 8], rng);
        var changed = x.Clone();
        for (int b = 0; b < 2; b++)
        {
            for (int c = 0; c < 8; c++) { changed.F32[(b * 5 + 3) * 8 + c] += 2.5f; }
        }
        foreach (Layer layer in new Layer[] { attn, block })
        {
            var y = layer.Forward(x);
            var y2 = layer.Forward(changed);
            Assert.True(MaxAbsDiff(Ops.Slice(y, 1, 0, 3), Ops.Slice(y2, 1, 0, 3)) < 1e-6, $"{layer.GetType().Name}: positions 0..2 changed");
            Assert.True(MaxAbsDiff(Ops.Slice(y, 1, 3, 2), Ops.Slice(y2, 1, 3, 2)) > 1e-3, $"{layer.GetType().Name}: positions 3..4 did not change");
        }
    }

    [Fact]
    public void Earlier_outputs_have_zero_gradient_with_respect_to_later_inputs()
    {
        var rng = new Rng(7);
        var attn = new CausalSelfAttention(4, 2, rng, dtype: DType.Float64);
        var x = Tensor.RandN([1, 4, 4], rng, DType.Float64).RequireGrad();
        var g = Autograd.Autograd.Grad(Ops.Sum(Ops.Slice(attn.Forward(x), 1, 0, 2)), [x])[0].ToDoubleArray();
        Assert.All(g[8..], v => Assert.Equal(0.0, v));
        Assert.Contains(g[..8], v => Math.Abs(v) > 1e-4);
    }

    [Fact]
    public void Attention_rejects_bad_shapes_and_head_counts()
    {
        Assert.Throws<ArgumentException>(() => new CausalSelfAttention(6, 4, new Rng(1)));
        var attn = new CausalSelfAttention(4, 2, new Rng(1));
        Assert.Throws<ArgumentException>(() => attn.Forward(Tensor.Zeros([3, 4])));
        Assert.Throws<ArgumentException>(() => attn.Forward(Tensor.Zeros([1, 3, 5])));
    }
}
