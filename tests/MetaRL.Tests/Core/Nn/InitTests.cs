using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Nn;

public sealed class InitTests
{
    /// <summary>Max |MᵀM − gain²·I| over the columns of a rows×cols matrix (or MMᵀ over rows when <paramref name="byRows"/>).</summary>
    private static double GramError(double[] m, int rows, int cols, bool byRows, double gain)
    {
        int n = byRows ? rows : cols, len = byRows ? cols : rows;
        double At(int vec, int i) => byRows ? m[vec * cols + i] : m[i * cols + vec];
        double worst = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                double dot = 0;
                for (int i = 0; i < len; i++) { dot += At(a, i) * At(b, i); }
                worst = Math.Max(worst, Math.Abs(dot - (a == b ? gain * gain : 0)));
            }
        }
        return worst;
    }

    [Fact]
    public void Householder_qr_reconstructs_the_matrix_with_orthonormal_q_and_positive_diagonal()
    {
        var rng = new Rng(1);
        const int m = 7, n = 4;
        var a = Enumerable.Range(0, m * n).Select(_ => rng.Normal()).ToArray();
        for (int i = 0; i < m; i++) { a[i * n + 2] = 0; } // a zero column must not break it
        var (q, r) = Householder.Decompose(a, m, n);
        Assert.True(GramError(q, m, n, byRows: false, 1) < 1e-12);
        for (int i = 0; i < n; i++)
        {
            Assert.True(r[i * n + i] >= 0, $"R[{i},{i}] = {r[i * n + i]}");
            for (int j = 0; j < i; j++) { Assert.Equal(0.0, r[i * n + j]); }
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int k = 0; k < n; k++) { s += q[i * n + k] * r[k * n + j]; }
                Assert.True(Math.Abs(s - a[i * n + j]) < 1e-12, $"QR[{i},{j}] = {s}, A = {a[i * n + j]}");
            }
        }
    }

    [Theory]
    [InlineData(64, 32, 1.0)] // tall: orthonormal columns, WᵀW = I
    [InlineData(16, 48, 1.0)] // wide: orthonormal rows, WWᵀ = I
    [InlineData(20, 20, 2.0)] // square with gain 2: WᵀW = WWᵀ = 4I
    [InlineData(100, 100, 1.4142135623730951)]
    public void Orthogonal_init_gives_orthonormal_rows_or_columns_scaled_by_the_gain(int rows, int cols, double gain)
    {
        var w = Tensor.Zeros([rows, cols]).RequireGrad();
        Init.Orthogonal(w, gain, new Rng(2));
        Assert.True(w.IsLeaf);
        var data = w.ToDoubleArray();
        double tol = 1e-5 * gain * gain;
        if (rows >= cols) { Assert.True(GramError(data, rows, cols, byRows: false, gain) < tol, "columns"); }
        if (rows <= cols) { Assert.True(GramError(data, rows, cols, byRows: true, gain) < tol, "rows"); }
    }

    [Fact]
    public void Orthogonal_init_flattens_trailing_axes_and_is_seeded()
    {
        var w = Init.Orthogonal(Tensor.Zeros([12, 2, 3], DType.Float64), 1, new Rng(3));
        Assert.True(GramError(w.ToDoubleArray(), 12, 6, byRows: false, 1) < 1e-12);
        var again = Init.Orthogonal(Tensor.Zeros([12, 2, 3], DType.Float64), 1, new Rng(3));
        var other = Init.Orthogonal(Tensor.Zeros([12, 2, 3], DType.Float64), 1, new Rng(4));
        Assert.Equal(w.ToDoubleArray(), again.ToDoubleArray());
        Assert.NotEqual(w.ToDoubleArray(), other.ToDoubleArray());
    }

    [Fact]
    public void Orthogonal_init_sign_correction_makes_entries_symmetric()
    {
        // Without torch's sign correction Householder's Q has Q[0,0] < 0 always; with it, Q is Haar and
        // Q[0,0] is positive half the time. 400 draws: the binomial sd of the fraction is 0.025.
        var rng = new Rng(5);
        int positive = 0;
        for (int i = 0; i < 400; i++)
        {
            var w = Init.Orthogonal(Tensor.Zeros([4, 4], DType.Float64), 1, rng);
            if (w[0] > 0) { positive++; }
        }
        Assert.InRange(positive / 400.0, 0.4, 0.6);
    }

    [Fact]
    public void Calculate_gain_matches_torch()
    {
        Assert.Equal(5.0 / 3.0, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(1.0, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.2 * 0.2)), Init.CalculateGain(Nonlinearity.LeakyRelu, 0.2), 15);
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.Selu));
        Assert.Equal(5.0 / 3.0, Init.CalculateGain(Activation.Tanh));
    }

    /// <summary>Sample mean and standard deviation of a tensor's entries.</summary>
    private static (double Mean, double Std, double MaxAbs) Stats(Tensor t)
    {
        var v = t.ToDoubleArray();
        double mean = v.Average();
        return (mean, Math.Sqrt(v.Select(e => (e - mean) * (e - mean)).Average()), v.Max(Math.Abs));
    }

    // Tolerances: with n ≥ 150,000 samples the relative sd of a sample std is ≤ √(1/(2n)) ≈ 0.0018 (normal)
    // and smaller for uniforms, so 2% is more than 10 sd; the mean's sd is std/√n ≈ 0.0026·std, so 2% of std is ~8 sd.

    [Fact]
    public void Xavier_uniform_stays_within_its_bound_with_the_uniform_variance()
    {
        var w = Init.XavierUniform(Tensor.Zeros([400, 600]), new Rng(6), gain: 2.0);
        double bound = 2.0 * Math.Sqrt(6.0 / 1000);
        var (mean, std, maxAbs) = Stats(w);
        Assert.True(maxAbs <= bound && maxAbs > 0.999 * bound, $"max |w| {maxAbs}, bound {bound}");
        Assert.True(Math.Abs(std / (bound / Math.Sqrt(3)) - 1) < 0.02, $"std {std}");
        Assert.True(Math.Abs(mean) < 0.02 * std, $"mean {mean}");
    }

    [Fact]
    public void Xavier_normal_has_the_glorot_standard_deviation()
    {
        var w = Init.XavierNormal(Tensor.Zeros([400, 600]), new Rng(7), gain: 5.0 / 3.0);
        var (mean, std, _) = Stats(w);
        double expected = 5.0 / 3.0 * Math.Sqrt(2.0 / 1000);
        Assert.True(Math.Abs(std / expected - 1) < 0.02, $"std {std} vs {expected}");
        Assert.True(Math.Abs(mean) < 0.02 * std, $"mean {mean}");
    }

    [Fact]
    public void Kaiming_uniform_uses_the_fan_in_and_the_nonlinearity_gain()
    {
        var w = Init.KaimingUniform(Tensor.Zeros([300, 500], DType.Float64), new Rng(8), Nonlinearity.Tanh);
        double bound = 5.0 / 3.0 * Math.Sqrt(3.0 / 500);
        var (mean, std, maxAbs) = Stats(w);
        Assert.True(maxAbs <= bound && maxAbs > 0.999 * bound, $"max |w| {maxAbs}, bound {bound}");
        Assert.True(Math.Abs(std / (bound / Math.Sqrt(3)) - 1) < 0.02, $"std {std}");
        Assert.True(Math.Abs(mean) < 0.02 * std, $"mean {mean}");
    }

    [Theory]
    [InlineData(Nonlinearity.Relu, FanMode.FanIn, 500)]
    [InlineData(Nonlinearity.Relu, FanMode.FanOut, 300)]
    [InlineData(Nonlinearity.Linear, FanMode.FanIn, 500)]
    public void Kaiming_normal_has_gain_over_root_fan_standard_deviation(Nonlinearity nonlinearity, FanMode mode, int fan)
    {
        var w = Init.KaimingNormal(Tensor.Zeros([300, 500]), new Rng(9), nonlinearity, mode);
        var (mean, std, _) = Stats(w);
        double expected = Init.CalculateGain(nonlinearity) / Math.Sqrt(fan);
        Assert.True(Math.Abs(std / expected - 1) < 0.02, $"std {std} vs {expected}");
        Assert.True(Math.Abs(mean) < 0.02 * std, $"mean {mean}");
    }

    [Fact]
    public void Constant_and_zeros_fill_in_place_without_a_graph()
    {
        var linear = new Linear(3, 2, new Rng(10));
        Init.Constant(linear.Weight, 0.25);
        Init.Zeros(linear.Bias!);
        Assert.All(linear.Weight.ToDoubleArray(), v => Assert.Equal(0.25, v));
        Assert.All(linear.Bias!.ToDoubleArray(), v => Assert.Equal(0.0, v));
        Assert.True(linear.Weight.IsLeaf && linear.Weight.RequiresGrad);
        Assert.Throws<ArgumentException>(() => Init.XavierUniform(Tensor.Zeros([5]), new Rng(1)));
        Assert.Throws<ArgumentException>(() => Init.Constant(Tensor.FromArray(new[] { 1 }, 1), 0));
    }

    [Fact]
    public void Orthogonal_mlp_uses_the_output_gain_on_the_last_layer_and_zero_biases()
    {
        var mlp = Init.OrthogonalMlp(Mlp.Create([4, 64, 64, 2], Activation.Tanh, new Rng(11)), Math.Sqrt(2), 0.01, new Rng(12));
        var linears = mlp.Layers.OfType<Linear>().ToArray();
        Assert.True(GramError(linears[0].Weight.ToDoubleArray(), 64, 4, byRows: false, Math.Sqrt(2)) < 1e-5);
        Assert.True(GramError(linears[1].Weight.ToDoubleArray(), 64, 64, byRows: false, Math.Sqrt(2)) < 1e-5);
        Assert.True(GramError(linears[2].Weight.ToDoubleArray(), 2, 64, byRows: true, 0.01) < 1e-8);
        Assert.All(linears.SelectMany(l => l.Bias!.ToDoubleArray()), v => Assert.Equal(0.0, v));
    }
}
