using MetaRL.Envs;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using Xunit.Abstractions;

namespace MetaRL.Tests.Learning.Meta;

public sealed class MamlTests(ITestOutputHelper output)
{
    private static (MlpPolicy Policy, EnvPool Pool) Setup(long seed, int[] hidden)
    {
        var pool = new EnvPool(() => new TinyPointNav());
        var env = pool.Prototype;
        return (new MlpPolicy(env.ObservationSpace.Size, env.ActionSpace, hidden, new Rng(seed)), pool);
    }

    [Fact]
    public void Maml_gives_identical_parameters_in_parallel_and_sequentially()
    {
        float[] Train(int parallelism)
        {
            var (policy, pool) = Setup(3, [16]);
            var options = new MamlOptions { MetaBatchSize = 4, EpisodesPerTask = 3, Hidden = [16], Parallelism = parallelism };
            var maml = new Maml(policy, pool, options, seed: 11);
            var tasks = ((ITaskEnv)pool.Prototype).SampleTasks(4, new Rng(5));
            for (int it = 0; it < 2; it++) { maml.Iterate(tasks, it); }
            return [.. policy.Parameters().SelectMany(p => p.ToFloatArray())];
        }
        Assert.Equal(Train(1), Train(4));
    }

    [Fact]
    public void Maml_post_adaptation_return_beats_random_init_on_tiny_point_nav()
    {
        var (policy, pool) = Setup(1, [32, 32]);
        var options = new MamlOptions { MetaBatchSize = 10, EpisodesPerTask = 10, Hidden = [32, 32], OuterLearningRate = 0.01, InnerLearningRate = 0.5 };
        var maml = new Maml(policy, pool, options, seed: 2);
        var distribution = (ITaskEnv)pool.Prototype;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int it = 0; it < 25; it++)
        {
            var r = maml.Iterate(distribution.SampleTasks(options.MetaBatchSize, new Rng(1000 + it)), it);
            if (it % 10 == 0) { output.WriteLine($"it {it} pre {r.MeanPre:F2} post {r.MeanPost:F2} {sw.Elapsed.TotalSeconds:F1}s"); }
        }
        var test = distribution.SampleTasks(20, new Rng(99));
        var budget = new AdaptationBudget(1, 20, 0.5, 0.99);
        var random = new MlpPolicy(2, pool.Prototype.ActionSpace, [32, 32], new Rng(77));
        double Post(MlpPolicy p) => test.Select((t, i) => GradientAdaptation.Run(p, p.Parameters(), pool, t, budget, new Rng(500 + i)).Curve[1]).Average();
        double maml1 = Post(policy), random1 = Post(random);
        output.WriteLine($"maml {maml1:F2} random {random1:F2} time {sw.Elapsed.TotalSeconds:F1}s");
        Assert.True(maml1 > random1 + 1, $"MAML {maml1:F2} vs random init {random1:F2}");
    }
}
