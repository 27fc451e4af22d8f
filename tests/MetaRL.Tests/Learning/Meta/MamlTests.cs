using MetaRL.Learning.Meta;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Learning.Meta;

public sealed class MamlTests
{
    [Fact]
    public void Maml_gives_identical_parameters_in_parallel_and_sequentially()
    {
        float[] Train(int parallelism, MamlOuterOptimizer outer)
        {
            var pool = MetaTestEnvs.PointNav(10);
            var policy = MetaTestEnvs.Policy(pool, [16], 3);
            var options = new MamlOptions { MetaBatchSize = 4, EpisodesPerTask = 3, Hidden = [16], Parallelism = parallelism, Outer = outer, CgIterations = 3 };
            var maml = new Maml(policy, pool, options, seed: 11);
            var tasks = MetaTestEnvs.Tasks(pool, 4, 5);
            for (int it = 0; it < 2; it++) { maml.Iterate(tasks, it); }
            return MetaTestEnvs.Flat(policy);
        }
        Assert.Equal(Train(1, MamlOuterOptimizer.Adam), Train(4, MamlOuterOptimizer.Adam));
        var trpo = Train(1, MamlOuterOptimizer.Trpo);
        Assert.Equal(trpo, Train(3, MamlOuterOptimizer.Trpo));
        Assert.NotEqual(trpo, Train(1, MamlOuterOptimizer.Adam));
    }

    [Fact]
    public void Second_order_meta_gradient_matches_finite_differences_through_the_inner_step()
    {
        var pool = MetaTestEnvs.PointNav(6);
        var env = pool.Prototype;
        var policy = new MlpPolicy(2, env.ActionSpace, [4], new Rng(2), dtype: DType.Float64);
        var task = MetaTestEnvs.Tasks(pool, 1, 9)[0];
        var pre = TrajectorySampler.Sample(policy, null, pool, task, 3, new Rng(1));
        var post = TrajectorySampler.Sample(policy, null, pool, task, 3, new Rng(2));
        var preAdv = PolicyGradient.Advantages(pre, 0.99);
        var postAdv = PolicyGradient.Advantages(post, 0.99);
        // Random biases keep every ReLU away from its kink at the start state (0, 0), where the inner
        // gradient (and so θ′) would be discontinuous in θ.
        var rng = new Rng(4);
        var inputs = policy.Parameters().Select(p => Tensor.RandN(p.Shape, rng, DType.Float64) * 0.5).ToArray();
        GradCheck.Assert(theta =>
        {
            var adapted = PolicyGradient.Step(policy, theta, pre, preAdv, 0.5, createGraph: true);
            return Functional.Call(policy, adapted, () => PolicyGradient.SurrogateLoss(policy, post, postAdv));
        }, inputs);
    }

    [Fact]
    public void First_order_maml_drops_the_second_order_term()
    {
        var pool = MetaTestEnvs.PointNav(6);
        var policy = new MlpPolicy(2, pool.Prototype.ActionSpace, [4], new Rng(2), dtype: DType.Float64);
        var task = MetaTestEnvs.Tasks(pool, 1, 9)[0];
        var pre = TrajectorySampler.Sample(policy, null, pool, task, 3, new Rng(1));
        var post = TrajectorySampler.Sample(policy, null, pool, task, 3, new Rng(2));
        var preAdv = PolicyGradient.Advantages(pre, 0.99);
        var postAdv = PolicyGradient.Advantages(post, 0.99);
        var theta = policy.Parameters();
        double[] MetaGrad(bool secondOrder)
        {
            var adapted = PolicyGradient.Step(policy, theta, pre, preAdv, 0.5, createGraph: secondOrder);
            var loss = Functional.Call(policy, adapted, () => PolicyGradient.SurrogateLoss(policy, post, postAdv));
            return [.. Autograd.Autograd.Grad(loss, theta, allowUnused: true).SelectMany(g => g.ToDoubleArray())];
        }
        var first = MetaGrad(false);
        double[] atAdapted;
        {
            var adapted = PolicyGradient.Step(policy, theta, pre, preAdv, 0.5, createGraph: false).Select(t => { var c = t.Detach().Clone(); c.RequiresGrad = true; return c; }).ToArray();
            var loss = Functional.Call(policy, adapted, () => PolicyGradient.SurrogateLoss(policy, post, postAdv));
            atAdapted = [.. Autograd.Autograd.Grad(loss, adapted, allowUnused: true).SelectMany(g => g.ToDoubleArray())];
        }
        Assert.All(atAdapted.Zip(first), p => Assert.Equal(p.First, p.Second, 12));
        Assert.True(first.Zip(MetaGrad(true)).Max(p => Math.Abs(p.First - p.Second)) > 1e-6);
    }

    [Fact]
    public void Maml_post_adaptation_return_beats_random_init_on_short_point_nav()
    {
        var pool = MetaTestEnvs.PointNav(20);
        var policy = MetaTestEnvs.Policy(pool, [32, 32], 1);
        var options = new MamlOptions { MetaBatchSize = 10, EpisodesPerTask = 10, Hidden = [32, 32], OuterLearningRate = 0.01 };
        var maml = new Maml(policy, pool, options, seed: 2);
        for (int it = 0; it < 20; it++) { maml.Iterate(MetaTestEnvs.Tasks(pool, options.MetaBatchSize, 1000 + it), it); }
        var test = MetaTestEnvs.Tasks(pool, 20, 99);
        var budget = new AdaptationBudget(1, 20, 0.5, 0.99);
        var random = MetaTestEnvs.Policy(pool, [32, 32], 77);
        double Post(MlpPolicy p) => test.Select((t, i) => GradientAdaptation.Run(p, p.Parameters(), pool, t, budget, new Rng(500 + i)).Curve[1]).Average();
        double maml1 = Post(policy), random1 = Post(random);
        Assert.True(maml1 > random1 + 1, $"MAML {maml1:F2} vs random init {random1:F2} after one step");
    }
}
