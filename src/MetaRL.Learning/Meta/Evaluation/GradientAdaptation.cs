using MetaRL.Envs;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning.Meta;

/// <summary>Settings of test-time adaptation by vanilla policy gradient (the same budget for every method).
/// The first step uses <see cref="LearningRate"/>; every later step uses it times <see cref="LaterStepScale"/>.</summary>
public sealed record AdaptationBudget(int Steps, int EpisodesPerStep, double LearningRate, double Discount, int MaxEpisodeSteps = 1000, double LaterStepScale = 1.0)
{
    /// <summary>The MAML paper's 2D-navigation evaluation: <paramref name="steps"/> steps of 40
    /// trajectories each, step size 0.5 for the first step and 0.25 after it, discount 0.99.</summary>
    public static AdaptationBudget Paper(int steps) => new(steps, 40, 0.5, 0.99, LaterStepScale: 0.5);

    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    public double LearningRateAt(int step) => step == 0 ? LearningRate : LearningRate * LaterStepScale;
}

/// <summary>The outcome of adapting to one task: the return after each step, the adapted weights, and the environment steps used.</summary>
public sealed record AdaptationResult(double[] Curve, Tensor[] Weights, long EnvSteps);

/// <summary>
/// Adapts a policy to one task by vanilla policy-gradient steps and records the mean return of the
/// trajectories sampled before each step: entry k is the return after k steps. Used for the meta-learner
/// and for every baseline alike, so all are compared under the same adaptation budget.
/// </summary>
public static class GradientAdaptation
{
    /// <summary>Returns after 0 … <see cref="AdaptationBudget.Steps"/> steps, the final weights and the environment steps taken.</summary>
    public static AdaptationResult Run(MetaPolicy policy, IReadOnlyList<Tensor> start, EnvPool pool, EnvTask? task, AdaptationBudget budget, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(budget);
        var weights = Leaves(start);
        var curve = new double[budget.Steps + 1];
        long envSteps = 0;
        for (int s = 0; s <= budget.Steps; s++)
        {
            var batch = TrajectorySampler.Sample(policy, weights, pool, task, budget.EpisodesPerStep, rng, budget.MaxEpisodeSteps);
            curve[s] = batch.MeanReturn;
            envSteps += batch.Steps;
            if (s == budget.Steps) { break; }
            var adv = PolicyGradient.Advantages(batch, budget.Discount);
            weights = Leaves(PolicyGradient.Step(policy, weights, batch, adv, budget.LearningRateAt(s), createGraph: false));
        }
        return new AdaptationResult(curve, weights, envSteps);
    }

    private static Tensor[] Leaves(IReadOnlyList<Tensor> tensors) =>
        [.. tensors.Select(t =>
        {
            var leaf = t.Detach().Clone();
            leaf.RequiresGrad = true;
            return leaf;
        })];
}
