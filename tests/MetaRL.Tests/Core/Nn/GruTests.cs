using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Nn.NnTestUtil;

namespace MetaRL.Tests.Core.Nn;

public sealed class GruTests
{
    // I = 2, H = 2: rows of weight_ih / weight_hh are (r0, r1, z0, z1, n0, n1).
    private static readonly double[] Wih = [0.5, -0.3, 0.1, 0.8, -0.6, 0.2, 0.4, 0.4, 0.9, -0.7, -0.2, 0.3];
    private static readonly double[] Whh = [0.2, 0.1, -0.4, 0.3, 0.7, -0.5, 0.1, 0.6, -0.3, 0.8, 0.5, -0.1];
    private static readonly double[] Bih = [0.1, -0.2, 0.3, 0.0, -0.1, 0.2];
    private static readonly double[] Bhh = [-0.3, 0.2, 0.1, 0.4, 0.2, -0.2];

    /// <summary>PyTorch's GRU equations for one sequence, in plain doubles.</summary>
    private static double[] ReferenceStep(double[] x, double[] h, double[] wih, double[] whh, double[] bih, double[] bhh)
    {
        int hs = h.Length, ins = x.Length;
        double Row(double[] w, double[] v, int row, int width) { double s = 0; for (int c = 0; c < width; c++) { s += w[row * width + c] * v[c]; } return s; }
        var next = new double[hs];
        for (int j = 0; j < hs; j++)
        {
            double r = Sigmoid(Row(wih, x, j, ins) + bih[j] + Row(whh, h, j, hs) + bhh[j]);
            double z = Sigmoid(Row(wih, x, hs + j, ins) + bih[hs + j] + Row(whh, h, hs + j, hs) + bhh[hs + j]);
            double n = Math.Tanh(Row(wih, x, 2 * hs + j, ins) + bih[2 * hs + j] + r * (Row(whh, h, 2 * hs + j, hs) + bhh[2 * hs + j]));
            next[j] = (1 - z) * n + z * h[j];
        }
        return next;
    }

    private static void Load(GruCell cell) { Set(cell.WeightIh, Wih); Set(cell.WeightHh, Whh); Set(cell.BiasIh!, Bih); Set(cell.BiasHh!, Bhh); }

    private static void Load(Gru gru) { Set(gru.WeightIh, Wih); Set(gru.WeightHh, Whh); Set(gru.BiasIh!, Bih); Set(gru.BiasHh!, Bhh); }

    [Fact]
    public void Gru_cell_has_pytorch_parameter_names_and_shapes()
    {
        var cell = new GruCell(5, 3, new Rng(1));
        var named = cell.NamedParameters();
        Assert.Equal(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], named.Select(p => p.Name));
        Assert.Equal([9, 5], cell.WeightIh.ShapeArray());
        Assert.Equal([9, 3], cell.WeightHh.ShapeArray());
        Assert.Equal([9], cell.BiasIh!.ShapeArray());
        double k = 1 / Math.Sqrt(3);
        Assert.All(cell.Parameters().SelectMany(p => p.ToDoubleArray()), v => Assert.InRange(v, -k, k));
    }

    [Fact]
    public void Gru_cell_matches_a_one_unit_case_worked_by_hand()
    {
        var cell = new GruCell(1, 1, new Rng(1));
        Set(cell.WeightIh, 0, 0, 1); // only the candidate sees x
        Set(cell.WeightHh, 0, 0, 0);
        Set(cell.BiasIh!, 0, 0, 0);
        Set(cell.BiasHh!, 0, 0, 0);
        var h = cell.Forward(Tensor.FromArray(new float[] { 1 }, 1, 1), Tensor.Zeros([1, 1]));
        // r = z = σ(0) = ½, n = tanh(1 + ½·0), h′ = ½·tanh(1) + ½·0.
        Assert.Equal(0.5 * Math.Tanh(1), h.Item(), 6);
        var h2 = cell.Forward(Tensor.FromArray(new float[] { 1 }, 1, 1), Tensor.FromArray(new float[] { 0.8f }, 1, 1));
        Assert.Equal(0.5 * Math.Tanh(1) + 0.5 * 0.8, h2.Item(), 6);
    }

    [Fact]
    public void Gru_cell_matches_the_equations_on_a_two_unit_batch()
    {
        var cell = new GruCell(2, 2, new Rng(1));
        Load(cell);
        double[][] xs = [[0.7, -1.2], [0.3, 0.5]];
        double[][] hs = [[0.1, -0.4], [-0.6, 0.9]];
        var y = cell.Forward(Tensor.FromArray(xs.SelectMany(r => r).Select(v => (float)v).ToArray(), 2, 2),
            Tensor.FromArray(hs.SelectMany(r => r).Select(v => (float)v).ToArray(), 2, 2));
        var expected = xs.Zip(hs, (x, h) => ReferenceStep(x, h, Wih, Whh, Bih, Bhh)).SelectMany(r => r).ToArray();
        Close(expected, y, 1e-6, "h'");
    }

    [Fact]
    public void Gru_sequence_with_reset_mask_matches_the_equations()
    {
        const int T = 4, B = 2;
        var gru = new Gru(2, 2, new Rng(1));
        Load(gru);
        var rng = new Rng(7);
        var x = Tensor.RandN([T, B, 2], rng);
        var h0 = Tensor.RandN([B, 2], rng);
        // Sequence 0 resets before step 2, sequence 1 before step 0 (so h0 of sequence 1 is discarded).
        var mask = Tensor.FromArray(new float[] { 0, 1, 0, 0, 1, 0, 0, 0 }, T, B);
        var (outputs, last) = gru.Forward(x, h0, mask);
        Assert.Equal([T, B, 2], outputs.ShapeArray());

        var expected = new double[T * B * 2];
        for (int b = 0; b < B; b++)
        {
            double[] h = [h0[b * 2], h0[b * 2 + 1]];
            for (int t = 0; t < T; t++)
            {
                if (mask[t * B + b] != 0) { h = [0, 0]; }
                h = ReferenceStep([x[(t * B + b) * 2], x[(t * B + b) * 2 + 1]], h, Wih, Whh, Bih, Bhh);
                expected[(t * B + b) * 2] = h[0];
                expected[(t * B + b) * 2 + 1] = h[1];
            }
        }
        Close(expected, outputs, 1e-6, "outputs");
        Close(expected[((T - 1) * B * 2)..], last, 1e-6, "last");
    }

    [Fact]
    public void Reset_makes_later_steps_independent_of_the_past()
    {
        const int T = 5, B = 3;
        var rng = new Rng(3);
        var gru = new Gru(4, 6, rng, dtype: DType.Float64);
        var x = Tensor.RandN([T, B, 4], rng, DType.Float64);
        var h0 = Tensor.RandN([B, 6], rng, DType.Float64).RequireGrad();
        var mask = Tensor.Zeros([T, B], DType.Float64);
        for (int b = 0; b < B; b++) { mask.F64[2 * B + b] = 1; }
        var (outputs, _) = gru.Forward(x, h0, mask);
        // From step 2 on, outputs equal a fresh run (zero state) over steps 2..4.
        var (fresh, _) = gru.Forward(Ops.Slice(x, 0, 2, 3));
        Assert.True(MaxAbsDiff(Ops.Slice(outputs, 0, 2, 3), fresh) < 1e-12);
        // Steps before the reset do depend on h0, steps after do not.
        var g = Autograd.Autograd.Grad(Ops.Sum(Ops.Slice(outputs, 0, 2, 3)), [h0], allowUnused: true)[0];
        Assert.True(g is null || g.ToDoubleArray().All(v => v == 0));
        var g1 = Autograd.Autograd.Grad(Ops.Sum(Ops.Slice(outputs, 0, 1, 1)), [h0])[0];
        Assert.Contains(g1.ToDoubleArray(), v => Math.Abs(v) > 1e-3);
    }

    [Fact]
    public void Gru_sequence_equals_looping_its_cell_with_the_same_weights()
    {
        var rng = new Rng(11);
        var gru = new Gru(3, 5, rng);
        var cell = new GruCell(3, 5, rng);
        cell.LoadStateDict(gru.StateDict());
        var x = Tensor.RandN([6, 2, 3], rng);
        var (outputs, last) = gru.Forward(x);
        Tensor? h = null;
        for (int t = 0; t < 6; t++) { h = cell.Forward(Ops.Reshape(Ops.Slice(x, 0, t, 1), 2, 3), h); }
        Assert.True(MaxAbsDiff(h!, last) < 1e-6);
        Assert.True(MaxAbsDiff(Ops.Reshape(Ops.Slice(outputs, 0, 5, 1), 2, 5), last) == 0);
    }

    [Fact]
    public void Gru_rejects_inputs_of_the_wrong_shape()
    {
        var gru = new Gru(3, 4, new Rng(1));
        Assert.Throws<ArgumentException>(() => gru.Forward(Tensor.Zeros([2, 3])));
        Assert.Throws<ArgumentException>(() => gru.Forward(Tensor.Zeros([2, 1, 3]), Tensor.Zeros([2, 4])));
        Assert.Throws<ArgumentException>(() => gru.Forward(Tensor.Zeros([2, 1, 3]), null, Tensor.Zeros([1, 2])));
        Assert.Throws<ArgumentException>(() => new GruCell(3, 4, new Rng(1)).Forward(Tensor.Zeros([1, 2])));
    }
}
