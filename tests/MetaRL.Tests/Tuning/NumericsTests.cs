using MetaRL.Random;
using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

public sealed class NumericsTests
{
    private static double[] RandomSpd(int n, Rng rng)
    {
        var a = new double[n * n];
        for (int i = 0; i < a.Length; i++) { a[i] = rng.Normal(); }
        var s = new double[n * n];
        for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) { double v = 0; for (int k = 0; k < n; k++) { v += a[i * n + k] * a[j * n + k]; } s[i * n + j] = v + (i == j ? 0.1 : 0); } }
        return s;
    }

    [Fact]
    public void Jacobi_eigenpairs_reconstruct_the_matrix_and_are_orthonormal()
    {
        var rng = new Rng(1);
        const int n = 7;
        var a = RandomSpd(n, rng);
        var values = new double[n];
        var v = new double[n * n];
        SymmetricEigen.Decompose(a, n, values, v);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double rec = 0, dot = 0;
                for (int k = 0; k < n; k++) { rec += v[i * n + k] * values[k] * v[j * n + k]; dot += v[k * n + i] * v[k * n + j]; }
                Assert.Equal(a[i * n + j], rec, 9);
                Assert.Equal(i == j ? 1 : 0, dot, 12);
            }
        }
        Assert.True(values.Zip(values.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Cholesky_solves_match_the_matrix_product()
    {
        var rng = new Rng(2);
        const int n = 9;
        var a = RandomSpd(n, rng);
        var l = new double[n * n];
        Assert.True(Cholesky.TryFactor(a, n, l));
        var b = Enumerable.Range(0, n).Select(_ => rng.Normal()).ToArray();
        var x = (double[])b.Clone();
        Cholesky.Solve(l, n, x);
        for (int i = 0; i < n; i++) { Assert.Equal(b[i], Enumerable.Range(0, n).Sum(k => a[i * n + k] * x[k]), 9); }
        Assert.False(Cholesky.TryFactor([1, 2, 2, 1], 2, new double[4]), "an indefinite matrix is refused");
    }

    [Fact]
    public void Log_h_matches_the_direct_formula_where_that_is_accurate_and_stays_finite_in_the_tail()
    {
        foreach (double z in new[] { -8.0, -5, -2, -1.5, -0.5, 0, 1, 3 })
        {
            double direct = Math.Log(NormalMath.Pdf(z) + z * NormalMath.Cdf(z));
            Assert.Equal(direct, NormalMath.LogH(z), z < -4 ? 3 : 5);
        }
        double prev = double.NegativeInfinity;
        for (double z = -60; z < 5; z += 0.25)
        {
            double v = NormalMath.LogH(z);
            Assert.True(double.IsFinite(v) && v > prev, $"log h must be finite and increasing (z {z})");
            prev = v;
        }
        Assert.Equal(0.8427007929, 1 - NormalMath.Erfc(1), 6);
    }

    [Fact]
    public void Lbfgs_minimises_the_rosenbrock_valley()
    {
        double[] x = [-1.2, 1];
        double f = Lbfgs.Minimize((p, g) =>
        {
            double a = p[1] - p[0] * p[0], b = 1 - p[0];
            g[0] = -400 * p[0] * a - 2 * b;
            g[1] = 200 * a;
            return 100 * a * a + b * b;
        }, x, maxIterations: 500, gradTolerance: 1e-10);
        Assert.True(f < 1e-10, $"f = {f}");
        Assert.Equal(1, x[0], 4);
    }

    [Fact]
    public void Gp_marginal_likelihood_gradient_matches_finite_differences()
    {
        var rng = new Rng(4);
        var x = Enumerable.Range(0, 12).Select(_ => new[] { rng.NextDouble(), rng.NextDouble(), (double)rng.NextInt(3) }).ToArray();
        var y = x.Select(p => Math.Sin(5 * p[0]) + p[1] * p[1] + 0.3 * p[2]).ToArray();
        var gp = new MaternGp(x, y, [false, false, true]);
        double[] theta = [Math.Log(0.3), Math.Log(0.7), Math.Log(1.5), Math.Log(1.3), Math.Log(1e-2)];
        var grad = new double[theta.Length];
        gp.NegLogLikelihood(theta, grad);
        for (int i = 0; i < theta.Length; i++)
        {
            var tp = (double[])theta.Clone();
            var tm = (double[])theta.Clone();
            tp[i] += 1e-6;
            tm[i] -= 1e-6;
            double fd = (gp.NegLogLikelihood(tp, new double[5]) - gp.NegLogLikelihood(tm, new double[5])) / 2e-6;
            Assert.Equal(fd, grad[i], 4);
        }
    }
}
