namespace MetaRL.Learning.Meta;

/// <summary>
/// The "pretrained on all tasks" baseline of the MAML paper: one policy trained by policy gradient on
/// tasks pooled from the training distribution, with no adaptation in the loop (each iteration samples a
/// batch of tasks, K trajectories each, and takes an Adam step on the mean surrogate). At test time it is
/// fine-tuned with exactly the meta-learner's adaptation budget.
/// </summary>
public static class MultiTaskPretraining
{
    /// <summary>Trains <paramref name="policy"/> in place for <paramref name="iterations"/> iterations.</summary>
    public static void Train(MetaPolicy policy, EnvPool pool, Func<long, IReadOnlyList<EnvTask>> tasksFor, int iterations, int episodesPerTask,
        double learningRate, double discount, long seed, int degree, int maxEpisodeSteps = 1000, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(tasksFor);
        var parameters = policy.Parameters();
        var adam = new Adam(parameters, new AdamOptions { LearningRate = learningRate });
        for (int it = 0; it < iterations; it++)
        {
            var tasks = tasksFor(it);
            var outcomes = MetaParallel.Map(tasks.Count, degree, t =>
            {
                var rng = new Rng(SeedPath.Derive(seed, it, t, 3));
                var batch = TrajectorySampler.Sample(policy, null, pool, tasks[t], episodesPerTask, rng, maxEpisodeSteps);
                var adv = PolicyGradient.Advantages(batch, discount);
                var grads = Autograd.Autograd.Grad(PolicyGradient.SurrogateLoss(policy, batch, adv), parameters, allowUnused: true);
                return (batch.MeanReturn, Grads: grads.Select(g => g.ToFloatArray()).ToArray());
            });
            MeanGradient.Assign(parameters, [.. outcomes.Select(o => o.Grads)]);
            adam.Step();
            adam.ZeroGrad();
            progress?.Invoke(it, outcomes.Average(o => o.MeanReturn));
        }
    }
}
