using MetaRL.Learning.Meta;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.Meta;

public sealed class GradientAdaptationTests
{
    private static (MlpPolicy Policy, EnvPool Pool, MetaRL.Envs.EnvTask Task) Setup()
    {
        var pool = MetaTestEnvs.PointNav(8);
        return (MetaTestEnvs.Policy(pool, [8], 3), pool, MetaTestEnvs.Tasks(pool, 1, 4)[0]);
    }

    [Fact]
    public void Every_graph_mode_adapts_to_the_same_weights_and_curve()
    {
        var (policy, pool, task) = Setup();
        var budget = new AdaptationBudget(2, 3, 0.1, 0.99, 8);
        var runs = new[] { AdaptationGraph.None, AdaptationGraph.FirstOrder, AdaptationGraph.SecondOrder }
            .Select(g => GradientAdaptation.Run(policy, policy.Parameters(), pool, task, budget, new Rng(5), g)).ToArray();
        foreach (var r in runs.Skip(1))
        {
            Assert.Equal(runs[0].Curve, r.Curve);
            Assert.Equal(runs[0].EnvSteps, r.EnvSteps);
            Assert.Equal(runs[0].Weights.Select(w => w.ToFloatArray()), r.Weights.Select(w => w.ToFloatArray()));
        }
        Assert.Empty(runs[0].Batches);
        Assert.Equal(3, runs[1].Batches.Count);
    }

    [Fact]
    public void Kept_graph_lets_the_outer_gradient_reach_the_start_weights_and_detached_does_not()
    {
        var (policy, pool, task) = Setup();
        var budget = new AdaptationBudget(1, 3, 0.1, 0.99, 8);
        var theta = policy.Parameters();
        foreach (var (graph, reaches) in new[] { (AdaptationGraph.None, false), (AdaptationGraph.FirstOrder, true), (AdaptationGraph.SecondOrder, true) })
        {
            var r = GradientAdaptation.Run(policy, theta, pool, task, budget, new Rng(5), graph);
            var loss = MetaRL.Autograd.Autograd.EnableGrad();
            using (loss)
            {
                var sum = r.Weights.Select(w => MetaRL.Tensors.Ops.Sum(w)).Aggregate(MetaRL.Tensors.Ops.Add);
                var grads = MetaRL.Autograd.Autograd.Grad(sum, theta, allowUnused: true);
                Assert.Equal(reaches, grads.Any(g => g.ToFloatArray().Any(v => v != 0)));
            }
        }
    }
}
