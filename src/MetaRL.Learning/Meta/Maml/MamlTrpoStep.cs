using MetaRL.Distributions;
using AG = MetaRL.Autograd.Autograd;

namespace MetaRL.Learning.Meta;

/// <summary>
/// MAML's trust-region outer update (Schulman et al. 2015, TRPO; as in the MAML paper): the meta-gradient
/// g of the post-adaptation surrogate, the Fisher–vector products of the mean KL between the adapted
/// policies before and after the update (differentiated through the inner step), the natural direction
/// by conjugate gradient, scaled to the KL bound, and a backtracking line search that re-adapts from the
/// candidate weights on the same inner batches and accepts the first candidate that lowers the
/// importance-weighted surrogate within the bound.
/// </summary>
internal sealed class MamlTrpoStep(MetaPolicy policy, MamlOptions options)
{
    private const double Damping = 1e-2;
    private const int LineSearchSteps = 10;

    public MetaIterationResult Iterate(IReadOnlyList<Envs.EnvTask> tasks, Func<int, MamlAdaptation> adapt, int degree)
    {
        var theta = policy.Parameters();
        int n = tasks.Count;
        var tasksState = MetaParallel.Map(n, degree, t =>
        {
            var a = adapt(t);
            var (oldLogp, oldDist) = OldPolicy(a);
            var g = AG.Grad(a.OuterLoss(policy), theta, allowUnused: true);
            var kl = Functional.Call(policy, a.Adapted, () => Kl(oldDist, policy.Policy(Obs(a.Post))));
            var gradKl = AG.Grad(kl, theta, createGraph: true, allowUnused: true);
            return new TaskState(a, oldLogp, oldDist, Flatten(g), gradKl);
        });
        var grad = Average(tasksState.Select(s => s.Gradient).ToArray());
        double[] Fvp(double[] v)
        {
            var vs = Unflatten(v, theta);
            var parts = MetaParallel.Map(n, degree, t =>
            {
                var gk = tasksState[t].GradKl;
                Tensor dot = Ops.Sum(Ops.Mul(gk[0], vs[0]));
                for (int i = 1; i < gk.Length; i++) { dot = Ops.Add(dot, Ops.Sum(Ops.Mul(gk[i], vs[i]))); }
                return Flatten(AG.Grad(dot, theta, allowUnused: true));
            });
            var avg = Average(parts);
            for (int i = 0; i < avg.Length; i++) { avg[i] += Damping * v[i]; }
            return avg;
        }
        var dir = Learning.ConjugateGradient.Solve(Fvp, grad, options.CgIterations);
        double shs = Learning.ConjugateGradient.Dot(dir, Fvp(dir));
        double beta = shs > 0 ? Math.Sqrt(2 * options.MaxKl / shs) : 0;
        var start = Flatten(theta.Select(p => p.Detach()).ToArray());
        double baseLoss = tasksState.Average(s => Evaluate(s, Unflatten(start, theta, requiresGrad: true)).Loss);
        for (int k = 0; k < LineSearchSteps && beta > 0; k++)
        {
            double frac = Math.Pow(0.5, k);
            var candidate = new double[start.Length];
            for (int i = 0; i < candidate.Length; i++) { candidate[i] = start[i] - frac * beta * dir[i]; }
            var results = MetaParallel.Map(n, degree, t => Evaluate(tasksState[t], Unflatten(candidate, theta, requiresGrad: true)));
            double loss = results.Average(r => r.Loss), kl = results.Average(r => r.Kl);
            if (loss < baseLoss && kl <= options.MaxKl && double.IsFinite(loss))
            {
                Assign(theta, candidate);
                break;
            }
        }
        return new MetaIterationResult(
            [.. tasksState.Select(s => s.Adaptation.Pre.MeanReturn)], [.. tasksState.Select(s => s.Adaptation.Post.MeanReturn)],
            tasksState.Sum(s => (long)s.Adaptation.PreBatches.Sum(b => b.Batch.Steps) + s.Adaptation.Post.Steps));
    }

    private (Tensor OldLogp, Distribution OldDist) OldPolicy(MamlAdaptation a)
    {
        using var scope = AG.NoGrad();
        var detached = a.Adapted.Select(w => w.Detach()).ToArray();
        var dist = Functional.Call(policy, detached, () => policy.Policy(Obs(a.Post)));
        var logp = dist.LogProb(Actions(a.Post)).Detach();
        Distribution frozen = dist switch
        {
            DiagGaussian g => new DiagGaussian(g.Mean.Detach(), g.LogStd.Detach()),
            Categorical c => new Categorical(c.Logits.Detach()),
            _ => throw new NotSupportedException(dist.GetType().Name),
        };
        return (logp, frozen);
    }

    /// <summary>Re-adapts from <paramref name="candidate"/> on the stored inner batches and returns the
    /// importance-weighted surrogate and the mean KL from the old adapted policy.</summary>
    private (double Loss, double Kl) Evaluate(TaskState s, Tensor[] candidate)
    {
        IReadOnlyList<Tensor> w = candidate;
        foreach (var (batch, adv) in s.Adaptation.PreBatches)
        {
            w = PolicyGradient.Step(policy, w, batch, adv, options.InnerLearningRate, createGraph: false);
        }
        using var scope = AG.NoGrad();
        var detached = w.Select(x => x.Detach()).ToArray();
        return Functional.Call(policy, detached, () =>
        {
            var dist = policy.Policy(Obs(s.Adaptation.Post));
            var ratio = Ops.Exp(Ops.Sub(dist.LogProb(Actions(s.Adaptation.Post)), s.OldLogp));
            var loss = Ops.Neg(Ops.Mean(Ops.Mul(ratio, Tensor.FromArray(s.Adaptation.PostAdvantages, s.Adaptation.Post.Steps)))).Item();
            return (loss, Kl(s.OldDist, dist).Item());
        });
    }

    private static Tensor Kl(Distribution old, Distribution current) => (old, current) switch
    {
        (DiagGaussian o, DiagGaussian c) => Ops.Mean(o.KlDivergence(c)),
        (Categorical o, Categorical c) => Ops.Mean(o.KlDivergence(c)),
        _ => throw new NotSupportedException("KL between different distribution types."),
    };

    private Tensor Obs(TrajectoryBatch b) => Tensor.FromArray(b.Observations, b.Steps, b.ObservationSize);

    private Tensor Actions(TrajectoryBatch b) =>
        policy.IsDiscrete ? Tensor.FromArray(b.Actions, b.Steps) : Tensor.FromArray(b.Actions, b.Steps, b.ActionSize);

    private static double[] Average(double[][] parts)
    {
        var result = new double[parts[0].Length];
        foreach (var p in parts) { for (int i = 0; i < result.Length; i++) { result[i] += p[i]; } }
        for (int i = 0; i < result.Length; i++) { result[i] /= parts.Length; }
        return result;
    }

    private static double[] Flatten(IReadOnlyList<Tensor> tensors) => [.. tensors.SelectMany(t => t.ToDoubleArray())];

    private static Tensor[] Unflatten(double[] flat, IReadOnlyList<Tensor> like, bool requiresGrad = false)
    {
        var result = new Tensor[like.Count];
        int k = 0;
        for (int i = 0; i < like.Count; i++)
        {
            var data = new float[like[i].Numel];
            for (int j = 0; j < data.Length; j++) { data[j] = (float)flat[k++]; }
            result[i] = Tensor.FromArray(data, like[i].ShapeArray());
            result[i].RequiresGrad = requiresGrad;
        }
        return result;
    }

    private static void Assign(IReadOnlyList<Tensor> parameters, double[] flat)
    {
        int k = 0;
        foreach (var p in parameters)
        {
            var span = p.F32;
            for (int j = 0; j < span.Length; j++) { span[j] = (float)flat[k++]; }
        }
    }

    private sealed record TaskState(MamlAdaptation Adaptation, Tensor OldLogp, Distribution OldDist, double[] Gradient, Tensor[] GradKl);
}
