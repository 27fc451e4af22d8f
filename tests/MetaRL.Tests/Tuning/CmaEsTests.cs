using MetaRL.Random;
using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

public sealed class CmaEsTests
{
    internal static (double Best, int Evaluations, CmaEsSampler Sampler) RunRosenbrock(int seed, int budget, double target)
    {
        var f = new Rosenbrock(8);
        var sampler = new CmaEsSampler(new CmaEsOptions { Sigma0 = 0.5, SearchSpace = f.Space, Seed = seed });
        var study = Study.Create("rosen", sampler);
        double best = double.MaxValue;
        int evals = 0;
        for (; evals < budget && best > target; evals++)
        {
            var trial = study.Ask()!;
            double v = f.Evaluate(trial, default);
            study.Tell(trial, v);
            best = Math.Min(best, v);
        }
        return (best, evals, sampler);
    }

    [Fact]
    public void Cma_es_solves_8d_rosenbrock_from_the_origin_to_1e_10_within_5000_evaluations()
    {
        var (best, evals, _) = RunRosenbrock(seed: 1, budget: 5000, target: 1e-10);
        Assert.True(best <= 1e-10, $"best {best:E3} after {evals} evaluations");
    }

    [Fact]
    public void Default_population_and_weights_follow_pycma()
    {
        var cma = new CmaEs(new double[8], 0.5);
        Assert.Equal(4 + (int)Math.Floor(3 * Math.Log(8)), cma.Lambda);
        Assert.Equal(cma.Lambda / 2, cma.Mu);
        Assert.Equal(1.0, cma.Weights.Take(cma.Mu).Sum(), 12);
        Assert.True(cma.Weights.Skip(cma.Mu).All(w => w < 0), "active update gives the worse half negative weights");
        Assert.True(cma.Weights.Take(cma.Mu).Zip(cma.Weights.Skip(1)).All(p => p.First > p.Second), "weights decrease with rank");
    }

    [Fact]
    public void Sphere_step_size_shrinks_and_covariance_stays_symmetric_positive_definite()
    {
        var rng = new Rng(3);
        var cma = new CmaEs([3, -2, 1, 4], 1.0);
        for (int g = 0; g < 150; g++)
        {
            var pop = Enumerable.Range(0, cma.Lambda).Select(_ => cma.Ask(rng)).Select(x => (x, x.Sum(v => v * v))).ToList();
            cma.Tell(pop);
        }
        Assert.True(cma.Sigma < 1e-3, $"sigma {cma.Sigma}");
        Assert.True(cma.Mean.All(m => Math.Abs(m) < 1e-3));
        var c = cma.Covariance;
        var values = new double[4];
        SymmetricEigen.Decompose(c, 4, values, new double[16]);
        Assert.True(values[0] > 0);
    }

    [Fact]
    public void Mirror_reflects_any_point_into_the_box()
    {
        Assert.Equal(0.5, CmaEsSampler.Mirror(0.5, 0, 1), 12);
        Assert.Equal(0.8, CmaEsSampler.Mirror(1.2, 0, 1), 12);
        Assert.Equal(0.3, CmaEsSampler.Mirror(-0.3, 0, 1), 12);
        Assert.Equal(0.5, CmaEsSampler.Mirror(2.5, 0, 1), 12);
        Assert.Equal(0.5, CmaEsSampler.Mirror(-1.5, 0, 1), 12);
    }
}
