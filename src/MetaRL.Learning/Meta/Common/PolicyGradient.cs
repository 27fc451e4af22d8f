namespace MetaRL.Learning.Meta;

/// <summary>
/// Vanilla policy gradient (REINFORCE with the linear feature baseline, Williams 1992) as MAML's inner
/// loop uses it: advantages are the discounted reward-to-go minus the baseline, standardised per batch;
/// the surrogate loss is −mean(log π(a|s)·A), whose gradient is the policy gradient.
/// </summary>
public static class PolicyGradient
{
    /// <summary>Standardised advantages of every step of <paramref name="batch"/>.</summary>
    public static float[] Advantages(TrajectoryBatch batch, double discount, bool standardize = true)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var returns = batch.RewardsToGo(discount);
        var baseline = LinearFeatureBaseline.FitPredict(batch, returns);
        var adv = new double[returns.Length];
        for (int i = 0; i < adv.Length; i++) { adv[i] = returns[i] - baseline[i]; }
        if (standardize && adv.Length > 1)
        {
            double mean = adv.Average();
            double std = Math.Sqrt(adv.Sum(v => (v - mean) * (v - mean)) / adv.Length);
            for (int i = 0; i < adv.Length; i++) { adv[i] = (adv[i] - mean) / (std + 1e-8); }
        }
        return [.. adv.Select(v => (float)v)];
    }

    /// <summary>−mean(log π(a|s)·A) with the policy's current (possibly substituted) weights; in the graph.</summary>
    public static Tensor SurrogateLoss(MetaPolicy policy, TrajectoryBatch batch, float[] advantages)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(batch);
        var dtype = policy.DType;
        var obs = Tensor.FromArray(batch.Observations, batch.Steps, batch.ObservationSize).As(dtype);
        var actions = (policy.IsDiscrete
            ? Tensor.FromArray(batch.Actions, batch.Steps)
            : Tensor.FromArray(batch.Actions, batch.Steps, batch.ActionSize)).As(dtype);
        var logp = policy.Policy(obs).LogProb(actions);
        var adv = Tensor.FromArray(advantages, batch.Steps).As(dtype);
        return Ops.Neg(Ops.Mean(Ops.Mul(logp, adv)));
    }

    /// <summary>
    /// One inner VPG step θ′ = θ − α∇L(θ) on <paramref name="batch"/>. With <paramref name="createGraph"/>
    /// the step stays differentiable (second-order MAML); without it the gradient is treated as a constant
    /// (first-order MAML), though θ′ still depends on θ through the identity.
    /// </summary>
    public static Tensor[] Step(MetaPolicy policy, IReadOnlyList<Tensor> weights, TrajectoryBatch batch, float[] advantages, double learningRate, bool createGraph)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var grad = Autograd.Autograd.EnableGrad();
        var loss = Functional.Call(policy, weights, () => SurrogateLoss(policy, batch, advantages));
        var grads = Autograd.Autograd.Grad(loss, weights, createGraph: createGraph, allowUnused: true);
        var result = new Tensor[weights.Count];
        for (int i = 0; i < weights.Count; i++)
        {
            var g = createGraph ? grads[i] : grads[i].Detach();
            result[i] = Ops.Sub(weights[i], Ops.MulScalar(g, learningRate));
        }
        return result;
    }

    /// <summary>The tensor itself when it already has <paramref name="dtype"/>, else a converted copy.</summary>
    internal static Tensor As(this Tensor t, DType dtype) => t.DType == dtype ? t : t.To(dtype);
}
