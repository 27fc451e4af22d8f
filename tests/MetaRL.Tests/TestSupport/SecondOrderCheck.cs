using MetaRL.Tensors;

namespace MetaRL.Tests.TestSupport;

/// <summary>
/// Gradient-of-gradient check in float64: h(x) = Σₖ ⟨∂s/∂xₖ, vₖ⟩, where s is f's output reduced with fixed
/// random weights and the first gradient comes from <c>Autograd.Grad(…, createGraph: true)</c>. The engine's
/// gradient of h (a Hessian-vector product) is compared with central finite differences of h, with
/// <see cref="GradCheck"/>'s tolerances. h is rebuilt with grad mode forced on, so the finite-difference
/// evaluations differentiate f exactly as the analytic pass does.
/// </summary>
internal static class SecondOrderCheck
{
    public static void Assert(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        foreach (var x in inputs) { x.RequiresGrad = true; }
        var probe = f(inputs);
        var weights = Tensor.RandN(probe.Shape, new Random.Rng(98), DType.Float64);
        var directions = inputs.Select((x, i) => Tensor.RandN(x.Shape, new Random.Rng(200 + i), DType.Float64)).ToArray();

        Tensor H(Tensor[] xs)
        {
            using var _ = Autograd.Autograd.EnableGrad();
            var s = Ops.Sum(Ops.Mul(f(xs), weights));
            var g = Autograd.Autograd.Grad(s, xs, createGraph: true, allowUnused: true);
            Xunit.Assert.Contains(g, t => t.RequiresGrad);
            return g.Select((t, i) => Ops.Sum(Ops.Mul(t, directions[i]))).Aggregate(Ops.Add);
        }

        GradCheck.Assert(H, inputs);
    }
}
