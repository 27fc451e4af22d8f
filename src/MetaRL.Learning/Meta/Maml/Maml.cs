using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning.Meta;

/// <summary>
/// MAML for reinforcement learning (Finn et al. 2017, Algorithm 3): for each task of a meta-batch, sample
/// K trajectories with θ, take <see cref="MamlOptions.InnerSteps"/> vanilla-policy-gradient steps to θ′,
/// sample K trajectories with θ′, and move θ to improve the post-adaptation policy-gradient objective,
/// differentiating through the inner steps (second order) or not (first order). Tasks run in parallel,
/// each seeded from the run seed, the iteration and its index; gradients are averaged in index order.
/// </summary>
public sealed class Maml : MetaLearner
{
    private readonly MetaPolicy _policy;
    private readonly EnvPool _pool;
    private readonly MamlOptions _options;
    private readonly long _seed;
    private readonly Adam? _adam;
    private readonly MamlTrpoStep? _trpo;

    public Maml(MetaPolicy policy, EnvPool pool, MamlOptions options, long seed)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _seed = seed;
        if (options.Outer == MamlOuterOptimizer.Adam)
        {
            _adam = new Adam(policy.Parameters(), new AdamOptions { LearningRate = options.OuterLearningRate });
        }
        else
        {
            _trpo = new MamlTrpoStep(policy, options);
        }
    }

    /// <inheritdoc />
    public override string Name => "maml";

    /// <inheritdoc />
    public override Module Model => _policy;

    /// <inheritdoc />
    public override Optimizer? Optimizer => _adam;

    /// <inheritdoc />
    public override int TasksPerIteration => _options.MetaBatchSize;

    /// <inheritdoc />
    public override MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var parameters = _policy.Parameters();
        int degree = _options.Parallelism > 0 ? _options.Parallelism : MetaParallel.DefaultDegree;
        if (_trpo is not null)
        {
            return _trpo.Iterate(tasks, t => Adapt(tasks[t], iteration, t, parameters, keepGraph: !_options.FirstOrder), degree);
        }
        var outcomes = MetaParallel.Map(tasks.Count, degree, t =>
        {
            var adapted = Adapt(tasks[t], iteration, t, parameters, keepGraph: !_options.FirstOrder);
            var grads = Autograd.Autograd.Grad(adapted.OuterLoss(_policy), parameters, allowUnused: true);
            return (adapted.Pre, adapted.Post, Grads: grads.Select(g => g.ToFloatArray()).ToArray());
        });
        var mean = new float[parameters.Count][];
        for (int p = 0; p < parameters.Count; p++)
        {
            var acc = new float[parameters[p].Numel];
            foreach (var o in outcomes) { System.Numerics.Tensors.TensorPrimitives.Add(acc, o.Grads[p], acc); }
            System.Numerics.Tensors.TensorPrimitives.Multiply(acc, 1f / outcomes.Length, acc);
            mean[p] = acc;
        }
        for (int p = 0; p < parameters.Count; p++) { parameters[p].Grad = Tensor.FromArray(mean[p], parameters[p].ShapeArray()); }
        _adam!.Step();
        _adam.ZeroGrad();
        return new MetaIterationResult(
            [.. outcomes.Select(o => o.Pre.MeanReturn)], [.. outcomes.Select(o => o.Post.MeanReturn)],
            outcomes.Sum(o => (long)(o.Pre.Steps + o.Post.Steps) * 1L));
    }

    /// <summary>The inner loop for one task (<see cref="GradientAdaptation"/> over <see cref="GradientMetaOptions.InnerLoop"/>):
    /// pre-update batches, the adapted weights θ′ (in the graph of θ, second order when <paramref name="keepGraph"/>),
    /// and the post-update batch with its advantages.</summary>
    internal MamlAdaptation Adapt(EnvTask task, long iteration, int index, IReadOnlyList<Tensor> theta, bool keepGraph)
    {
        var rng = new Rng(SeedPath.Derive(_seed, iteration, index));
        var result = GradientAdaptation.Run(_policy, theta, _pool, task, _options.InnerLoop, rng, keepGraph ? AdaptationGraph.SecondOrder : AdaptationGraph.FirstOrder);
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
