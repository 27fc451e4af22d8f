using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Nn.NnTestUtil;

namespace MetaRL.Tests.Core.Nn;

public sealed class LstmTests
{
    /// <summary>PyTorch's LSTM equations for one sequence step, in plain doubles: returns (h′, c′).</summary>
    private static (double[] H, double[] C) ReferenceStep(double[] x, double[] h, double[] c, Lstm lstm)
    {
        int hs = h.Length, ins = x.Length;
        var wih = lstm.WeightIh.ToDoubleArray();
        var whh = lstm.WeightHh.ToDoubleArray();
        var bih = lstm.BiasIh!.ToDoubleArray();
        var bhh = lstm.BiasHh!.ToDoubleArray();
        double Pre(int row)
        {
            double s = bih[row] + bhh[row];
            for (int k = 0; k < ins; k++) { s += wih[row * ins + k] * x[k]; }
            for (int k = 0; k < hs; k++) { s += whh[row * hs + k] * h[k]; }
            return s;
        }
        var h2 = new double[hs];
        var c2 = new double[hs];
        for (int j = 0; j < hs; j++)
        {
            double i = Sigmoid(Pre(j)), f = Sigmoid(Pre(hs + j)), g = Math.Tanh(Pre(2 * hs + j)), o = Sigmoid(Pre(3 * hs + j));
            c2[j] = f * c[j] + i * g;
            h2[j] = o * Math.Tanh(c2[j]);
        }
        return (h2, c2);
    }

    [Fact]
    public void Lstm_has_pytorch_parameter_names_shapes_and_init()
    {
        var lstm = new Lstm(5, 3, new Rng(1));
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], lstm.NamedParameters().Select(p => p.Name));
        Assert.Equal([12, 5], lstm.WeightIh.ShapeArray());
        Assert.Equal([12, 3], lstm.WeightHh.ShapeArray());
        Assert.Equal([12], lstm.BiasHh!.ShapeArray());
        Assert.Equal(6, lstm.StateSize);
        double k = 1 / Math.Sqrt(3);
        Assert.All(lstm.Parameters().SelectMany(p => p.ToDoubleArray()), v => Assert.InRange(v, -k, k));
    }

    [Fact]
    public void Lstm_matches_a_one_unit_case_worked_by_hand()
    {
        var lstm = new Lstm(1, 1, new Rng(1));
        Set(lstm.WeightIh, 0, 0, 1, 0); // only the candidate g sees x
        Set(lstm.WeightHh, 0, 0, 0, 0);
        Set(lstm.BiasIh!, 0, 0, 0, 0);
        Set(lstm.BiasHh!, 0, 0, 0, 0);
        var (h, state) = lstm.Forward(Tensor.FromArray(new float[] { 1 }, 1, 1, 1), Tensor.FromArray(new float[] { 0, 0.8f }, 1, 2));
        // i = f = o = σ(0) = ½, g = tanh(1): c′ = ½·0.8 + ½·tanh(1), h′ = ½·tanh(c′).
        double c = 0.4 + 0.5 * Math.Tanh(1);
        Assert.Equal(0.5 * Math.Tanh(c), h.Item(), 6);
        Close([0.5 * Math.Tanh(c), c], state, 1e-6, "state");
    }

    [Fact]
    public void Lstm_sequence_with_reset_mask_matches_the_equations()
    {
        const int T = 4, B = 2, H = 3;
        var rng = new Rng(7);
        var lstm = new Lstm(2, H, rng);
        var x = Tensor.RandN([T, B, 2], rng);
        var s0 = Tensor.RandN([B, 2 * H], rng);
        // Sequence 0 resets before step 2, sequence 1 before step 0 (so its initial state is discarded).
        var mask = Tensor.FromArray(new float[] { 0, 1, 0, 0, 1, 0, 0, 0 }, T, B);
        var (outputs, last) = lstm.Forward(x, s0, mask);
        Assert.Equal([T, B, H], outputs.ShapeArray());
        var expected = new double[T * B * H];
        var expectedLast = new double[B * 2 * H];
        for (int b = 0; b < B; b++)
        {
            var h = Enumerable.Range(0, H).Select(j => (double)s0[b * 2 * H + j]).ToArray();
            var c = Enumerable.Range(0, H).Select(j => (double)s0[b * 2 * H + H + j]).ToArray();
            for (int t = 0; t < T; t++)
            {
                if (mask[t * B + b] != 0) { h = new double[H]; c = new double[H]; }
                (h, c) = ReferenceStep([x[(t * B + b) * 2], x[(t * B + b) * 2 + 1]], h, c, lstm);
                h.CopyTo(expected, (t * B + b) * H);
            }
            h.CopyTo(expectedLast, b * 2 * H);
            c.CopyTo(expectedLast, b * 2 * H + H);
        }
        Close(expected, outputs, 1e-6, "outputs");
        Close(expectedLast, last, 1e-6, "last state");
    }

    [Fact]
    public void Lstm_reset_makes_later_steps_independent_of_the_past()
    {
        const int T = 5, B = 3;
        var rng = new Rng(3);
        var lstm = new Lstm(4, 6, rng, dtype: DType.Float64);
        var x = Tensor.RandN([T, B, 4], rng, DType.Float64);
        var s0 = Tensor.RandN([B, 12], rng, DType.Float64).RequireGrad();
        var mask = Tensor.Zeros([T, B], DType.Float64);
        for (int b = 0; b < B; b++) { mask.F64[2 * B + b] = 1; }
        var (outputs, _) = lstm.Forward(x, s0, mask);
        var (fresh, _) = lstm.Forward(Ops.Slice(x, 0, 2, 3));
        Assert.True(MaxAbsDiff(Ops.Slice(outputs, 0, 2, 3), fresh) < 1e-12);
        var g = Autograd.Autograd.Grad(Ops.Sum(Ops.Slice(outputs, 0, 2, 3)), [s0], allowUnused: true)[0];
        Assert.True(g is null || g.ToDoubleArray().All(v => v == 0));
        var g1 = Autograd.Autograd.Grad(Ops.Sum(Ops.Slice(outputs, 0, 1, 1)), [s0])[0];
        Assert.Contains(g1.ToDoubleArray(), v => Math.Abs(v) > 1e-3);
    }

    [Fact]
    public void Lstm_rejects_inputs_of_the_wrong_shape()
    {
        var lstm = new Lstm(3, 4, new Rng(1));
        Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([2, 3])));
        Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([2, 1, 3]), Tensor.Zeros([1, 4])));
        Assert.Throws<ArgumentException>(() => lstm.Forward(Tensor.Zeros([2, 1, 3]), null, Tensor.Zeros([1, 2])));
    }
}
