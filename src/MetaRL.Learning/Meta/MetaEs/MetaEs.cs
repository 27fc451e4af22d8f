using MetaRL.Envs;
using MetaRL.Nn;
using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Learning.Meta;

/// <summary>
/// Meta-ES: each iteration draws <see cref="MetaEsOptions.Population"/> antithetic pairs θ ± σεⱼ, one task
/// per pair (both members share the task and the rollout seeds), measures each member's return after
/// <see cref="MetaEsOptions.InnerSteps"/> VPG adaptation steps, shapes the fitnesses by centred ranks,
/// and moves θ along Σⱼ (uⱼ⁺ − uⱼ⁻) εⱼ / (2Nσ) with Adam. Evaluations return scalars only; the noise is
/// regenerated from each pair's seed for the update.
/// </summary>
public sealed class MetaEs : MetaLearner
{
    private readonly MetaPolicy _policy;
    private readonly EnvPool _pool;
    private readonly MetaEsOptions _options;
    private readonly long _seed;
    private readonly Adam _adam;

    public MetaEs(MetaPolicy policy, EnvPool pool, MetaEsOptions options, long seed)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _seed = seed;
        _adam = new Adam(policy.Parameters(), new AdamOptions { LearningRate = options.LearningRate });
    }

    /// <inheritdoc />
    public override string Name => "es";

    /// <inheritdoc />
    public override Module Model => _policy;

    /// <inheritdoc />
    public override Optimizer? Optimizer => _adam;

    /// <inheritdoc />
    public override int TasksPerIteration => _options.Population;

    /// <inheritdoc />
    public override MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var theta = _policy.Parameters();
        var flat = theta.SelectMany(p => p.ToFloatArray()).ToArray();
        int pairs = _options.Population, degree = _options.Parallelism > 0 ? _options.Parallelism : MetaParallel.DefaultDegree;
        float sigma = (float)_options.NoiseStd;
        var budget = _options.InnerLoop;
        var evaluations = MetaParallel.Map(2 * pairs, degree, k =>
        {
            int j = k / 2;
            float sign = k % 2 == 0 ? 1f : -1f;
            var noise = new float[flat.Length];
            Perturbation.Fill(NoiseSeed(iteration, j), noise);
            var w = new float[flat.Length];
            for (int i = 0; i < w.Length; i++) { w[i] = flat[i] + sign * sigma * noise[i]; }
            var rng = new Rng(SeedPath.Derive(_seed, iteration, j, 1));
            var result = GradientAdaptation.Run(_policy, Split(w, theta), _pool, tasks[j % tasks.Count], budget, rng);
            return (Pre: result.Curve[0], Post: result.Curve[^1], result.EnvSteps);
        });
        var shaped = CenteredRanks.Compute([.. evaluations.Select(e => e.Post)]);
        var grad = new float[flat.Length];
        var eps = new float[flat.Length];
        for (int j = 0; j < pairs; j++)
        {
            Perturbation.Fill(NoiseSeed(iteration, j), eps);
            float coef = (float)((shaped[2 * j] - shaped[2 * j + 1]) / (2 * pairs * _options.NoiseStd));
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(eps, coef, grad, grad);
        }
        int offset = 0;
        foreach (var p in theta)
        {
            var g = new float[p.Numel];
            var w = p.F32;
            for (int i = 0; i < g.Length; i++) { g[i] = -grad[offset + i] + (float)_options.WeightDecay * w[i]; }
            p.Grad = Tensor.FromArray(g, p.ShapeArray());
            offset += g.Length;
        }
        _adam.Step();
        _adam.ZeroGrad();
        var pre = Enumerable.Range(0, pairs).Select(j => (evaluations[2 * j].Pre + evaluations[2 * j + 1].Pre) / 2).ToArray();
        var post = Enumerable.Range(0, pairs).Select(j => (evaluations[2 * j].Post + evaluations[2 * j + 1].Post) / 2).ToArray();
        return new MetaIterationResult(pre, post, evaluations.Sum(e => e.EnvSteps));
    }

    private long NoiseSeed(long iteration, int pair) => SeedPath.Derive(_seed, iteration, pair, 0);

    private static Tensor[] Split(float[] flat, IReadOnlyList<Tensor> like)
    {
        var result = new Tensor[like.Count];
        int offset = 0;
        for (int i = 0; i < like.Count; i++)
        {
            int n = like[i].Numel;
            result[i] = Tensor.FromArray(flat[offset..(offset + n)], like[i].ShapeArray());
            offset += n;
        }
        return result;
    }
}
