using MetaRL.Learning.Meta;

namespace MetaRL.Tests.Learning.Meta;

public sealed class LearnerDeterminismTests
{
    [Fact]
    public void Reptile_gives_identical_parameters_in_parallel_and_sequentially_and_moves_the_weights()
    {
        float[] Train(int parallelism)
        {
            var pool = MetaTestEnvs.PointNav(10);
            var policy = MetaTestEnvs.Policy(pool, [16], 3);
            var reptile = new Reptile(policy, pool, new ReptileOptions { MetaBatchSize = 3, EpisodesPerTask = 3, InnerSteps = 2, OuterStepSize = 0.5, Hidden = [16], Parallelism = parallelism }, 4);
            var tasks = MetaTestEnvs.Tasks(pool, 3, 5);
            for (int it = 0; it < 2; it++) { reptile.Iterate(tasks, it); }
            return MetaTestEnvs.Flat(policy);
        }
        var sequential = Train(1);
        Assert.Equal(sequential, Train(3));
        Assert.NotEqual(MetaTestEnvs.Flat(MetaTestEnvs.Policy(MetaTestEnvs.PointNav(10), [16], 3)), sequential);
    }

    [Fact]
    public void Meta_es_gives_identical_parameters_in_parallel_and_sequentially()
    {
        float[] Train(int parallelism)
        {
            var pool = MetaTestEnvs.PointNav(10);
            var policy = MetaTestEnvs.Policy(pool, [8], 3);
            var es = new MetaEs(policy, pool, new MetaEsOptions { Population = 4, EpisodesPerTask = 2, InnerSteps = 1, Hidden = [8], Parallelism = parallelism }, 4);
            var tasks = MetaTestEnvs.Tasks(pool, 4, 5);
            for (int it = 0; it < 2; it++) { es.Iterate(tasks, it); }
            return MetaTestEnvs.Flat(policy);
        }
        Assert.Equal(Train(1), Train(4));
    }

    [Fact]
    public void Centered_ranks_span_minus_half_to_half_in_value_order()
    {
        var r = CenteredRanks.Compute([10.0, -3.0, 7.0, 7.5]);
        double[] expected = [0.5, -0.5, -0.5 + 1.0 / 3, -0.5 + 2.0 / 3];
        Assert.All(expected.Zip(r), p => Assert.Equal(p.First, p.Second, 12));
        Assert.Equal(0.0, r.Sum(), 12);
    }

    [Fact]
    public void Perturbations_are_regenerated_identically_from_their_seed()
    {
        var a = new float[1000];
        var b = new float[1000];
        Perturbation.Fill(42, a);
        Perturbation.Fill(42, b);
        Assert.Equal(a, b);
        Perturbation.Fill(43, b);
        Assert.NotEqual(a, b);
        double mean = a.Average(), var = a.Average(x => (x - mean) * (x - mean));
        Assert.InRange(mean, -0.1, 0.1);
        Assert.InRange(var, 0.85, 1.15);
    }

    [Fact]
    public void Seed_paths_differ_by_index_and_are_stable()
    {
        Assert.Equal(SeedPath.Derive(1, 2, 3), SeedPath.Derive(1, 2, 3));
        Assert.NotEqual(SeedPath.Derive(1, 2, 3), SeedPath.Derive(1, 3, 2));
        Assert.NotEqual(SeedPath.Derive(1, 2), SeedPath.Derive(2, 2));
    }
}
