namespace MetaRL.Learning.Meta;

/// <summary>
/// MAML for reinforcement learning (Finn et al. 2017, Algorithm 3): for each task of a meta-batch, sample
/// K trajectories with θ, take <see cref="MamlOptions.InnerSteps"/> vanilla-policy-gradient steps to θ′,
/// sample K trajectories with θ′, and move θ to improve the post-adaptation policy-gradient objective,
/// differentiating through the inner steps (second order) or not (first order). Tasks run in parallel,
/// each seeded from the run seed, the iteration and its index; gradients are averaged in index order.
/// </summary>
public sealed class Maml : GradientMetaLearner<MamlOptions>, IMetaTaskLearner
{
    private readonly Adam? _adam;
    private readonly MamlTrpoStep? _trpo;

    public Maml(MetaPolicy policy, EnvPool pool, MamlOptions options, long seed)
        : base(policy, pool, options, seed)
    {
        options.Validate();
        if (options.Outer == MamlOuterOptimizer.Adam)
        {
            _adam = CreateOuterAdam(options.OuterLearningRate);
        }
        else
        {
            _trpo = new MamlTrpoStep(policy, options);
        }
    }

    /// <inheritdoc />
    public override string Name => "maml";

    /// <inheritdoc />
    public override int TasksPerIteration => Options.MetaBatchSize;

    /// <inheritdoc />
    public override MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var parameters = Policy.Parameters();
        int degree = Degree;
        if (_trpo is not null)
        {
            return _trpo.Iterate(tasks, t => Adapt(tasks[t], iteration, t, parameters, keepGraph: !Options.FirstOrder), degree);
        }
        var outcomes = Executor.Run(this, tasks, iteration);
        MeanGradient.Assign(parameters, [.. outcomes.Select(o => o.Tensors)]);
        _adam!.Step();
        _adam.ZeroGrad();
        return new MetaIterationResult([.. outcomes.Select(o => o.Pre)], [.. outcomes.Select(o => o.Post)], outcomes.Sum(o => o.EnvSteps));
    }

    /// <inheritdoc />
    public bool Distributable => _trpo is null;

    /// <inheritdoc />
    public string? Reason => Distributable ? null : "MAML's TRPO outer step (outer: trpo) differentiates through every task's inner loop at once";

    /// <inheritdoc />
    /// <remarks>The task's inner loop from θ (<see cref="Adapt"/>) and the gradient of its post-adaptation loss with respect
    /// to θ (through the inner steps unless first order); env steps count the first pre-update batch and the post-update batch.</remarks>
    public MetaTaskOutcome RunTask(EnvTask task, long iteration, int index)
    {
        var parameters = Policy.Parameters();
        var adapted = Adapt(task, iteration, index, parameters, keepGraph: !Options.FirstOrder);
        var grads = Autograd.Autograd.Grad(adapted.OuterLoss(Policy), parameters, allowUnused: true);
        return new MetaTaskOutcome(adapted.Pre.MeanReturn, adapted.Post.MeanReturn, (long)adapted.Pre.Steps + adapted.Post.Steps,
            [.. grads.Select(g => g.ToFloatArray())]);
    }

    /// <summary>The inner loop for one task (<see cref="GradientAdaptation"/> over <see cref="GradientMetaOptions.InnerLoop"/>):
    /// pre-update batches, the adapted weights θ′ (in the graph of θ, second order when <paramref name="keepGraph"/>),
    /// and the post-update batch with its advantages.</summary>
    internal MamlAdaptation Adapt(EnvTask task, long iteration, int index, IReadOnlyList<Tensor> theta, bool keepGraph)
    {
        var rng = new Rng(SeedPath.Derive(Seed, iteration, index));
        var result = GradientAdaptation.Run(Policy, theta, Pool, task, Options.InnerLoop, rng, keepGraph ? AdaptationGraph.SecondOrder : AdaptationGraph.FirstOrder);
        var (post, postAdvantages) = result.Batches[^1];
        return new MamlAdaptation([.. result.Batches.Take(result.Batches.Count - 1)], result.Weights, post, postAdvantages);
    }
}

/// <summary>One task's inner loop: the data it used and the adapted weights.</summary>
internal sealed record MamlAdaptation(
    IReadOnlyList<(TrajectoryBatch Batch, float[] Advantages)> PreBatches,
    IReadOnlyList<Tensor> Adapted,
    TrajectoryBatch Post,
    float[] PostAdvantages)
{
    public TrajectoryBatch Pre => PreBatches[0].Batch;

    /// <summary>The post-adaptation surrogate −mean(log π_θ′(a|s)·A) on the post-update batch.</summary>
    public Tensor OuterLoss(MetaPolicy policy) =>
        Functional.Call(policy, Adapted, () => PolicyGradient.SurrogateLoss(policy, Post, PostAdvantages));
}
