using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Graph;

/// <summary>
/// MAML's meta-gradient (Finn et al., 2017): d/dθ L_outer(θ − α∇L_inner(θ)) for a small tanh MLP in float64,
/// the adapted weights evaluated through <see cref="Functional.Call{T}"/>, against central finite differences
/// of the whole composite. The first-order approximation (inner gradient treated as a constant) is shown to
/// miss the curvature term, so the test can tell the two apart.
/// </summary>
public sealed class MamlMetaGradientTests
{
    private const double Alpha = 0.5;

    private sealed record Problem(Sequential Net, IReadOnlyList<Tensor> Theta, Tensor Xa, Tensor Ya, Tensor Xb, Tensor Yb);

    private static Problem Make()
    {
        var rng = new Rng(21);
        var net = Mlp.Create([2, 5, 1], Activation.Tanh, rng, DType.Float64);
        var xa = Tensor.RandN([6, 2], rng, DType.Float64);
        var xb = Tensor.RandN([6, 2], rng, DType.Float64);
        Tensor Target(Tensor x) => Ops.Tanh(x.Slice(1, 0, 1) * 1.5) - x.Slice(1, 1, 1).Square() * 0.5;
        return new Problem(net, net.Parameters(), xa, Target(xa), xb, Target(xb));
    }

    private static Tensor Loss(Sequential net, Tensor x, Tensor y)
    {
        var d = net.Forward(x) - y;
        return Ops.Mean(d * d);
    }

    /// <summary>L_outer(θ − α∇L_inner(θ)); with secondOrder false the inner gradient is a constant.</summary>
    private static Tensor MetaLoss(Problem p, bool secondOrder)
    {
        var inner = Loss(p.Net, p.Xa, p.Ya);
        var g = MetaRL.Autograd.Autograd.Grad(inner, p.Theta, createGraph: secondOrder);
        var fast = p.Theta.Select((t, i) => t - g[i] * Alpha).ToArray();
        return Functional.Call(p.Net, fast, () => Loss(p.Net, p.Xb, p.Yb));
    }

    private static double[] NumericMetaGradient(Problem p)
    {
        var result = new List<double>();
        foreach (var theta in p.Theta)
        {
            var d = theta.F64;
            for (int i = 0; i < d.Length; i++)
            {
                double saved = d[i];
                d[i] = saved + GradCheck.Eps;
                double plus = MetaLoss(p, secondOrder: false).Item();
                d[i] = saved - GradCheck.Eps;
                double minus = MetaLoss(p, secondOrder: false).Item();
                d[i] = saved;
                result.Add((plus - minus) / (2 * GradCheck.Eps));
            }
        }
        return result.ToArray();
    }

    private static double[] Analytic(Problem p, bool secondOrder) =>
        MetaRL.Autograd.Autograd.Grad(MetaLoss(p, secondOrder), p.Theta).SelectMany(t => t.ToDoubleArray()).ToArray();

    [Fact]
    public void Second_order_meta_gradient_matches_finite_differences_of_the_composite()
    {
        var p = Make();
        var numeric = NumericMetaGradient(p);
        var analytic = Analytic(p, secondOrder: true);
        Assert.Equal(21, analytic.Length);
        for (int i = 0; i < numeric.Length; i++)
        {
            Assert.True(
                Math.Abs(analytic[i] - numeric[i]) <= GradCheck.Atol + GradCheck.Rtol * Math.Abs(numeric[i]),
                $"meta-gradient element {i}: analytic {analytic[i]}, numeric {numeric[i]}");
        }
    }

    [Fact]
    public void First_order_meta_gradient_differs_from_finite_differences()
    {
        var p = Make();
        var numeric = NumericMetaGradient(p);
        var firstOrder = Analytic(p, secondOrder: false);
        double worst = numeric.Select((n, i) => Math.Abs(firstOrder[i] - n) / (GradCheck.Atol + GradCheck.Rtol * Math.Abs(n))).Max();
        Assert.True(worst > 10, $"first-order error is only {worst} tolerances; the test could not tell the orders apart");
    }
}
