namespace MetaRL.Learning.Meta;

/// <summary>
/// Meta-ES: each iteration draws <see cref="MetaEsOptions.Population"/> antithetic pairs θ ± σεⱼ, one task
/// per pair (both members share the task and the rollout seeds), measures each member's return after
/// <see cref="MetaEsOptions.InnerSteps"/> VPG adaptation steps, shapes the fitnesses by centred ranks,
/// and moves θ along Σⱼ (uⱼ⁺ − uⱼ⁻) εⱼ / (2Nσ) with Adam. Evaluations return scalars only; the noise is
/// regenerated from each pair's seed for the update.
/// </summary>
public sealed class MetaEs : GradientMetaLearner<MetaEsOptions>
{
    private readonly Adam _adam;

    public MetaEs(MetaPolicy policy, EnvPool pool, MetaEsOptions options, long seed)
        : base(policy, pool, options, seed)
    {
        options.Validate();
        _adam = CreateOuterAdam(options.LearningRate);
    }

    /// <inheritdoc />
    public override string Name => "es";

    /// <inheritdoc />
    public override int TasksPerIteration => Options.Population;

    /// <inheritdoc />
    public override MetaIterationResult Iterate(IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var theta = Policy.Parameters();
        var flat = theta.SelectMany(p => p.ToFloatArray()).ToArray();
        int pairs = Options.Population, degree = Degree;
        float sigma = (float)Options.NoiseStd;
        var budget = Options.InnerLoop;
        var evaluations = MetaParallel.Map(2 * pairs, degree, k =>
        {
            int j = k / 2;
            float sign = k % 2 == 0 ? 1f : -1f;
            var w = new float[flat.Length];
            Perturbation.Perturb(flat, NoiseSeed(iteration, j), sign * sigma, w);
            var rng = new Rng(SeedPath.Derive(Seed, iteration, j, 1));
            var result = GradientAdaptation.Run(Policy, Split(w, theta), Pool, tasks[j % tasks.Count], budget, rng);
            return (Pre: result.Curve[0], Post: result.Curve[^1], result.EnvSteps);
        });
        var shaped = CenteredRanks.Compute([.. evaluations.Select(e => e.Post)]);
        var grad = new float[flat.Length];
        Perturbation.AntitheticGradient([.. Enumerable.Range(0, pairs).Select(j => NoiseSeed(iteration, j))], shaped, Options.NoiseStd, grad);
        int offset = 0;
        foreach (var p in theta)
        {
            var g = new float[p.Numel];
            var w = p.F32;
            for (int i = 0; i < g.Length; i++) { g[i] = -grad[offset + i] + (float)Options.WeightDecay * w[i]; }
            p.Grad = Tensor.FromArray(g, p.ShapeArray());
            offset += g.Length;
        }
        _adam.Step();
        _adam.ZeroGrad();
        var pre = Enumerable.Range(0, pairs).Select(j => (evaluations[2 * j].Pre + evaluations[2 * j + 1].Pre) / 2).ToArray();
        var post = Enumerable.Range(0, pairs).Select(j => (evaluations[2 * j].Post + evaluations[2 * j + 1].Post) / 2).ToArray();
        return new MetaIterationResult(pre, post, evaluations.Sum(e => e.EnvSteps));
    }

    private long NoiseSeed(long iteration, int pair) => SeedPath.Derive(Seed, iteration, pair, 0);

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
