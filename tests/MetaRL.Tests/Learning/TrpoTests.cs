using MetaRL.Distributions;
using MetaRL.Learning;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning;

public sealed class TrpoTests
{
    [Fact]
    public void Conjugate_gradient_solves_a_symmetric_positive_definite_system()
    {
        double[,] a = { { 4, 1, 0.5 }, { 1, 3, 0.2 }, { 0.5, 0.2, 2 } };
        double[] b = [1, -2, 0.5];
        double[] Product(double[] v) => Enumerable.Range(0, 3).Select(i => Enumerable.Range(0, 3).Sum(j => a[i, j] * v[j])).ToArray();
        var x = ConjugateGradient.Solve(Product, b, 10);
        var ax = Product(x);
        for (int i = 0; i < 3; i++) { Assert.Equal(b[i], ax[i], 9); }
    }

    [Fact]
    public void Trpo_step_improves_the_surrogate_within_the_kl_trust_region()
    {
        // A linear softmax policy over 3 actions; surrogate = −mean(ratio · advantage) as in TRPO.
        var rng = new Rng(5);
        var x = Tensor.RandN([64, 4], rng, DType.Float64);
        var w = Tensor.RandN([4, 3], rng, DType.Float64).RequireGrad();
        var actions = Tensor.FromArray(Enumerable.Range(0, 64).Select(i => (double)(i % 3)).ToArray(), 64);
        var adv = Tensor.RandN([64], rng, DType.Float64);
        Categorical oldPolicy;
        using (MetaRL.Autograd.Autograd.NoGrad()) { oldPolicy = new Categorical(Ops.MatMul(x, w).Detach()); }
        var oldLogProb = oldPolicy.LogProb(actions);
        Tensor Loss() => Ops.Neg(Ops.Mean(Ops.Mul(Ops.Exp(Ops.Sub(new Categorical(Ops.MatMul(x, w)).LogProb(actions), oldLogProb)), adv)));
        Tensor Kl() => Ops.Mean(oldPolicy.KlDivergence(new Categorical(Ops.MatMul(x, w))));
        var options = new TrpoOptions { MaxKl = 0.01, CgIterations = 20 };

        var result = TrpoStep.Apply([w], Loss, Kl, options);

        Assert.True(result.Accepted);
        Assert.True(result.LossAfter < result.LossBefore - 1e-4, $"{result.LossBefore} → {result.LossAfter}");
        Assert.InRange(result.Kl, 1e-4, options.MaxKl);
        Assert.Equal(result.Kl, Kl().Item(), 12);
    }
}
