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

/// <summary>How the adapted weights hang on the autograd graph of the starting weights.</summary>
public enum AdaptationGraph
{
    /// <summary>Detached: every step starts from a fresh leaf copy (test-time adaptation, Reptile, meta-ES).</summary>
    None,

    /// <summary>Kept through the identity only: θ′ = θ − α·g with g a constant (first-order MAML).</summary>
    FirstOrder,

    /// <summary>Kept with create_graph: the outer gradient flows through the inner steps (second-order MAML).</summary>
    SecondOrder,
}

/// <summary>The outcome of adapting to one task: the return after each step, the adapted weights, and the environment steps used.</summary>
public sealed record AdaptationResult(double[] Curve, Tensor[] Weights, long EnvSteps)
{
    /// <summary>With a kept graph, the batch sampled before each step and the one after the last, each with its
    /// advantages (what MAML's outer update differentiates); empty for <see cref="AdaptationGraph.None"/>.</summary>
    public IReadOnlyList<(TrajectoryBatch Batch, float[] Advantages)> Batches { get; init; } = [];
}

/// <summary>
/// Adapts a policy to one task by vanilla policy-gradient steps and records the mean return of the
/// trajectories sampled before each step: entry k is the return after k steps. The one inner loop of the
/// house: used for the meta-learner and for every baseline alike, so all are compared under the same
/// adaptation budget, and by MAML, Reptile and meta-ES during meta-training. Adapted weights holding NaN or ±Inf
/// stop it (<see cref="FiniteCheck"/>), naming the inner step and the parameter.
/// </summary>
public static class GradientAdaptation
{
    /// <summary>What a <see cref="NonFiniteTrainingException"/> from the inner loop counts in.</summary>
    public const string InnerStep = "inner step";

    /// <summary>Returns after 0 … <see cref="AdaptationBudget.Steps"/> steps, the final weights and the environment
    /// steps taken. With <paramref name="graph"/> other than <see cref="AdaptationGraph.None"/> the weights stay in
    /// the graph of <paramref name="start"/> (MAML's θ′) and the batches are kept.</summary>
    public static AdaptationResult Run(MetaPolicy policy, IReadOnlyList<Tensor> start, EnvPool pool, EnvTask? task, AdaptationBudget budget, Rng rng,
        AdaptationGraph graph = AdaptationGraph.None)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(budget);
        bool keep = graph != AdaptationGraph.None;
        Tensor[] weights = keep ? [.. start] : Leaves(start);
        var batches = new List<(TrajectoryBatch, float[])>();
        var curve = new double[budget.Steps + 1];
        long envSteps = 0;
        for (int s = 0; s <= budget.Steps; s++)
        {
            var batch = TrajectorySampler.Sample(policy, weights, pool, task, budget.EpisodesPerStep, rng, budget.MaxEpisodeSteps);
            curve[s] = batch.MeanReturn;
            envSteps += batch.Steps;
            if (s == budget.Steps)
            {
                if (keep) { batches.Add((batch, PolicyGradient.Advantages(batch, budget.Discount))); }
                break;
            }
            var adv = PolicyGradient.Advantages(batch, budget.Discount);
            if (keep) { batches.Add((batch, adv)); }
            var next = PolicyGradient.Step(policy, weights, batch, adv, budget.LearningRateAt(s), createGraph: graph == AdaptationGraph.SecondOrder);
            FiniteCheck.Weights(policy, next, s + 1, InnerStep); // before a NaN policy reaches an environment
            weights = keep ? next : Leaves(next);
        }
        return new AdaptationResult(curve, weights, envSteps) { Batches = batches };
    }

    private static Tensor[] Leaves(IReadOnlyList<Tensor> tensors) =>
        [.. tensors.Select(t =>
        {
            var leaf = t.Detach().Clone();
            leaf.RequiresGrad = true;
            return leaf;
        })];
}
