using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Learning.Explain;

namespace MetaRL.Tests.Learning.Explain;

public sealed class IntegratedGradientsTests
{
    private static readonly float[] X = [0.7f, -1.3f, 0.25f, 2.0f];
    private static readonly float[] B = [0.1f, 0.4f, -0.5f, 0.0f];

    [Fact]
    public void A_linear_function_gets_w_times_x_minus_baseline_exactly()
    {
        var linear = new Linear(4, 1, new Rng(3));
        var a = IntegratedGradients.Compute(t => Ops.Reshape(linear.Forward(t), t.Dim(0)), X, B);
        var w = linear.Weight.ToFloatArray();
        for (int i = 0; i < 4; i++) { Assert.Equal((double)w[i] * (X[i] - B[i]), a.Values[i], 5); }
        Assert.Equal(new IntegratedGradientsOptions().InitialSteps, a.Steps);
        Assert.All(linear.Parameters(), p => Assert.Null(p.Grad)); // an explanation leaves the model's gradients alone
    }

    [Fact]
    public void Attributions_of_a_tanh_mlp_add_up_to_the_difference_within_one_percent_in_at_most_256_steps()
    {
        var mlp = Mlp.Create([4, 64, 64, 1], Activation.Tanh, new Rng(5));
        var a = IntegratedGradients.Compute(t => Ops.Reshape(mlp.Forward(t), t.Dim(0)), X, B);
        Assert.True(a.RelativeGap <= 0.01, $"gap {a.RelativeGap} with {a.Steps} steps");
        Assert.True(a.Steps <= 256, $"{a.Steps} steps");
        Assert.Equal(a.AtInput - a.AtBaseline, a.Values.Sum(), 0.01 * Math.Abs(a.AtInput - a.AtBaseline));
    }

    [Fact]
    public void Attributions_match_a_naive_twin_a_fine_midpoint_sum_of_central_differences()
    {
        var mlp = Mlp.Create([4, 16, 1], Activation.Tanh, new Rng(11));
        var options = new IntegratedGradientsOptions { InitialSteps = 32, MaxSteps = 32 };
        var a = IntegratedGradients.Compute(t => Ops.Reshape(mlp.Forward(t), t.Dim(0)), X, B, options);
        double F(double[] p)
        {
            using var _ = MetaRL.Autograd.Autograd.NoGrad();
            return mlp.Forward(Tensor.FromArray([.. p.Select(e => (float)e)], 1, 4))[0];
        }
        var twin = new double[4];
        const int m = 400;
        const double h = 1e-2;
        for (int k = 0; k < m; k++)
        {
            double alpha = (k + 0.5) / m;
            for (int i = 0; i < 4; i++)
            {
                var p = Enumerable.Range(0, 4).Select(j => B[j] + alpha * (X[j] - B[j])).ToArray();
                p[i] += h;
                double up = F(p);
                p[i] -= 2 * h;
                double down = F(p);
                twin[i] += (X[i] - B[i]) * (up - down) / (2 * h) / m;
            }
        }
        for (int i = 0; i < 4; i++) { Assert.Equal(twin[i], a.Values[i], 3); }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(256)]
    public void Gauss_legendre_points_integrate_polynomials_up_to_degree_2m_minus_1_exactly_on_0_1(int m)
    {
        var (nodes, weights) = IntegratedGradients.GaussLegendre(m);
        Assert.All(nodes, t => Assert.InRange(t, 0.0, 1.0));
        foreach (int degree in new[] { 0, 1, 2 * m - 1 }.Distinct())
        {
            double sum = 0;
            for (int k = 0; k < m; k++) { sum += weights[k] * Math.Pow(nodes[k], degree); }
            Assert.Equal(1.0 / (degree + 1), sum, 10);
        }
    }

    [Fact]
    public void The_relative_gap_stays_finite_when_f_is_equal_at_both_ends()
    {
        var a = new Attribution([1e-7, -2e-7], 0.0, 0.0, 16, 1e-7);
        Assert.True(double.IsFinite(a.RelativeGap));
        Assert.Equal(0, new Attribution([0.5, 0.5], 2.0, 1.0, 16, 0).RelativeGap);
    }

    [Fact]
    public void Input_and_baseline_of_different_lengths_are_refused()
    {
        var linear = new Linear(4, 1, new Rng(3));
        Assert.Throws<ArgumentException>(() => IntegratedGradients.Compute(t => Ops.Reshape(linear.Forward(t), t.Dim(0)), X, [0f, 0f]));
    }
}
