namespace MetaRL.Learning.Meta;

/// <summary>
/// Reptile for RL (Nichol et al. 2018, Algorithm 2, batched): each task of the meta-batch starts from θ
/// and takes <see cref="ReptileOptions.InnerSteps"/> vanilla-policy-gradient steps to θ̃ᵢ; then
/// θ ← θ + ε·(mean θ̃ᵢ − θ), with ε annealed linearly. Tasks run in parallel, seeded by index, and
/// their weights are averaged in index order.
/// </summary>
public sealed class Reptile(MetaPolicy policy, EnvPool pool, ReptileOptions options, long seed)
    : GradientMetaLearner<ReptileOptions>(policy, pool, options, seed), IMetaTaskLearner
{
    /// <inheritdoc />
    public override string Name => "reptile";

    /// <inheritdoc />
    public override int TasksPerIteration => Options.MetaBatchSize;

    /// <inheritdoc />
    public override MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var options = Options;
        options.Validate();
        var theta = Policy.Parameters();
        var outcomes = Executor.Run(this, tasks, iteration);
        double eps = OuterStepSize(options, iteration);
        for (int p = 0; p < theta.Count; p++)
        {
            var span = theta[p].F32;
            var mean = new float[span.Length];
            foreach (var o in outcomes) { System.Numerics.Tensors.TensorPrimitives.Add(mean, o.Tensors[p], mean); }
            for (int j = 0; j < span.Length; j++) { span[j] += (float)(eps * (mean[j] / outcomes.Length - span[j])); }
        }
        return new MetaIterationResult([.. outcomes.Select(o => o.Pre)], [.. outcomes.Select(o => o.Post)], outcomes.Sum(o => o.EnvSteps));
    }

    /// <inheritdoc />
    public bool Distributable => true;

    /// <inheritdoc />
    public string? Reason => null;

    /// <inheritdoc />
    /// <remarks>The task's adaptation from θ; its tensors are the adapted weights θ̃.</remarks>
    public MetaTaskOutcome RunTask(EnvTask task, long iteration, int index)
    {
        var rng = new Rng(SeedPath.Derive(Seed, iteration, index));
        var result = GradientAdaptation.Run(Policy, Policy.Parameters(), Pool, task, Options.InnerLoop, rng);
        return new MetaTaskOutcome(result.Curve[0], result.Curve[^1], result.EnvSteps, [.. result.Weights.Select(w => w.ToFloatArray())]);
    }

    /// <summary>The outer step ε of iteration <paramref name="iteration"/> (0-based): <see cref="ReptileOptions.OuterStepSize"/>,
    /// annealed linearly to 0 at <see cref="ReptileOptions.AnnealIterations"/> and 0 after it when that is set.</summary>
    public static double OuterStepSize(ReptileOptions options, long iteration)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AnnealIterations > 0
            ? new LinearSchedule(options.OuterStepSize, options.AnnealIterations, form: LinearForm.Remaining).At(iteration)
            : options.OuterStepSize;
    }
}
