using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core;

public sealed class SecondOrderTests
{
    [Fact]
    public void Hessian_vector_product_of_a_tanh_mlp_matches_finite_differences_of_its_gradient()
    {
        var rng = new Rng(5);
        var net = Mlp.Create([3, 8, 8, 1], Activation.Tanh, rng, DType.Float64);
        var x = Tensor.RandN([6, 3], rng, DType.Float64);
        var target = Tensor.RandN([6, 1], rng, DType.Float64);
        var ps = net.Parameters();
        var v = ps.Select(p => Tensor.RandN(p.Shape, rng, DType.Float64)).ToArray();

        Tensor Loss() { var d = net.Forward(x) - target; return (d * d).Mean(); }

        var g = Autograd.Autograd.Grad(Loss(), ps, createGraph: true);
        var gv = g.Zip(v, (a, b) => Ops.Sum(a * b)).Aggregate((a, b) => a + b);
        var hv = Autograd.Autograd.Grad(gv, ps);

        const double eps = 1e-6;
        double[] Flat(Tensor[] ts) => ts.SelectMany(t => t.ToDoubleArray()).ToArray();
        void Shift(double s) { for (int i = 0; i < ps.Count; i++) { var d = ps[i].F64; var dv = v[i].F64; for (int j = 0; j < d.Length; j++) { d[j] += s * dv[j]; } } }
        Shift(eps);
        var gPlus = Flat(Autograd.Autograd.Grad(Loss(), ps));
        Shift(-2 * eps);
        var gMinus = Flat(Autograd.Autograd.Grad(Loss(), ps));
        Shift(eps);
        var analytic = Flat(hv);
        for (int i = 0; i < analytic.Length; i++)
        {
            double numeric = (gPlus[i] - gMinus[i]) / (2 * eps);
            Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-5 + 1e-3 * Math.Abs(numeric), $"Hv[{i}]: {analytic[i]} vs {numeric}");
        }
    }
}
