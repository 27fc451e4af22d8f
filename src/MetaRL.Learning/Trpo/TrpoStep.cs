using AD = MetaRL.Autograd.Autograd;

namespace MetaRL.Learning;

/// <summary>What one TRPO step did.</summary>
public readonly record struct TrpoResult(bool Accepted, double LossBefore, double LossAfter, double Kl, int BacktrackSteps);

/// <summary>
/// One TRPO update (Schulman et al., 2015) on any differentiable surrogate: the natural-gradient
/// direction s = −(F + λI)⁻¹g by conjugate gradient on Fisher-vector products, which are Hessian-vector
/// products of the mean KL computed by differentiating the KL's gradient again
/// (<c>Autograd.Grad(createGraph: true)</c>); the step is scaled to the trust region √(2δ / sᵀFs) and then
/// halved until the loss improves by a fair share of the linear prediction and the KL stays within δ.
/// Parameters are updated in place; the closures must recompute loss and KL from their current values
/// (which is what lets MAML use it on post-adaptation losses).
/// </summary>
public static class TrpoStep
{
    public static TrpoResult Apply(IReadOnlyList<Tensor> parameters, Func<Tensor> loss, Func<Tensor> kl, TrpoOptions options)
    {
        var lossTensor = loss();
        double lossBefore = lossTensor.Item();
        var g = Flatten(AD.Grad(lossTensor, parameters, allowUnused: true));
        if (ConjugateGradient.Dot(g, g) == 0) { return new TrpoResult(false, lossBefore, lossBefore, 0, 0); }

        double[] FisherProduct(double[] v)
        {
            var klGrads = AD.Grad(kl(), parameters, createGraph: true, allowUnused: true);
            Tensor gv = Tensor.Scalar(0, parameters[0].DType);
            int at = 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                var vi = Slice(v, at, parameters[i]);
                at += parameters[i].Numel;
                gv = Ops.Add(gv, Ops.Sum(Ops.Mul(klGrads[i], vi)));
            }
            var hv = gv.RequiresGrad ? Flatten(AD.Grad(gv, parameters, allowUnused: true)) : new double[v.Length];
            for (int j = 0; j < hv.Length; j++) { hv[j] += options.CgDamping * v[j]; }
            return hv;
        }

        var negG = g.Select(x => -x).ToArray();
        var step = ConjugateGradient.Solve(FisherProduct, negG, options.CgIterations);
        double sFs = ConjugateGradient.Dot(step, FisherProduct(step));
        double scale = Math.Sqrt(2 * options.MaxKl / Math.Max(sFs, 1e-12));
        double expected = -ConjugateGradient.Dot(g, step) * scale;
        var old = parameters.Select(p => p.ToDoubleArray()).ToArray();
        double frac = 1;
        for (int k = 0; k < options.BacktrackIterations; k++, frac *= options.BacktrackRatio)
        {
            Set(parameters, old, step, scale * frac);
            double newLoss, newKl;
            using (AD.NoGrad())
            {
                newLoss = loss().Item();
                newKl = kl().Item();
            }
            double improve = lossBefore - newLoss;
            if (double.IsFinite(newLoss) && newKl <= options.MaxKl && improve > 0 && improve / (expected * frac) > options.AcceptRatio)
            {
                return new TrpoResult(true, lossBefore, newLoss, newKl, k);
            }
        }
        Set(parameters, old, step, 0);
        return new TrpoResult(false, lossBefore, lossBefore, 0, options.BacktrackIterations);
    }

    private static double[] Flatten(Tensor[] tensors) => tensors.SelectMany(t => t.ToDoubleArray()).ToArray();

    private static Tensor Slice(double[] v, int at, Tensor like)
    {
        var t = Tensor.Empty(like.Shape, like.DType);
        for (int j = 0; j < like.Numel; j++)
        {
            if (like.DType == DType.Float32) { t.F32[j] = (float)v[at + j]; } else { t.F64[j] = v[at + j]; }
        }
        return t;
    }

    private static void Set(IReadOnlyList<Tensor> parameters, double[][] old, double[] step, double scale)
    {
        int at = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            for (int j = 0; j < p.Numel; j++)
            {
                double v = old[i][j] + scale * step[at + j];
                if (p.DType == DType.Float32) { p.F32[j] = (float)v; } else { p.F64[j] = v; }
            }
            at += p.Numel;
        }
    }
}
