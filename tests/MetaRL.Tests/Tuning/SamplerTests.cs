using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

public sealed class SamplerTests
{
    private static double Run(Sampler sampler, BenchmarkFunction f, int trials)
    {
        var study = Study.Create("t", sampler);
        study.Optimize(t => f.Evaluate(t, default), trials);
        return study.BestValue!.Value;
    }

    [Fact]
    public void Gp_bo_gets_within_0_01_of_the_branin_minimum_in_60_evaluations()
    {
        var f = new Branin();
        double best = Run(new GpSampler(new GpOptions { Seed = 1 }), f, 60);
        Assert.True(best - f.KnownMinimum <= 0.01, $"best {best}");
    }

    [Fact]
    public void Tpe_beats_random_search_on_hartmann6_at_100_evaluations()
    {
        var f = new Hartmann6();
        var tpe = Enumerable.Range(1, 3).Select(s => Run(new TpeSampler(new TpeOptions { Seed = s }), f, 100)).Order().ToList();
        var random = Enumerable.Range(1, 3).Select(s => Run(new RandomSampler(s), f, 100)).Order().ToList();
        Assert.True(tpe[1] < random[1], $"median TPE {tpe[1]} vs random {random[1]}");
    }

    [Fact]
    public void Univariate_tpe_handles_categorical_and_conditional_parameters()
    {
        var sampler = new TpeSampler(new TpeOptions { Seed = 3, Multivariate = false });
        var study = Study.Create("c", sampler);
        study.Optimize(t =>
        {
            string kind = t.SuggestCategorical("kind", ["a", "b", "c"]);
            double x = kind == "b" ? t.SuggestFloat("xb", -2, 2) : t.SuggestFloat("xo", -2, 2);
            return (kind == "b" ? 0 : 1) + x * x;
        }, 80);
        Assert.Equal("b", study.BestParams["kind"]);
        Assert.True(study.BestValue < 0.05, $"best {study.BestValue}");
        int lateB = study.Trials.Skip(40).Count(t => (string)t.ExternalParams["kind"] == "b");
        Assert.True(lateB > 25, $"TPE should favour the good category late on ({lateB}/40)");
    }

    [Fact]
    public void Openai_es_descends_a_sphere_and_pairs_share_their_noise()
    {
        var f = new Sphere(4);
        var sampler = new OpenAiEsSampler(new OpenAiEsOptions { Seed = 2, SearchSpace = f.Space, X0 = Enumerable.Range(0, 4).ToDictionary(BenchmarkFunction.ParamName, _ => 3.0) });
        var study = Study.Create("es", sampler);
        study.Optimize(t => f.Evaluate(t, default), 600);
        // 600 trials = 30 generations of 20; the last one is told at the next ask.
        Assert.Equal(29, sampler.Generation);
        // From f(x0) = 36 the mean walks to the optimum (unit-cube centre 0.5) and stays there within about σ.
        Assert.All(sampler.Theta, t => Assert.InRange(t, 0.5 - 0.05, 0.5 + 0.05));
        Assert.True(study.BestValue < 0.5, $"best {study.BestValue}");
        var first = study.Trials.Take(2).Select(t => t.Params["x0"]).ToArray();
        Assert.Equal(3.0 - first[0], first[1] - 3.0, 9);
    }

    [Fact]
    public void Cma_es_state_replays_identically_in_a_second_worker()
    {
        var f = new Sphere(3);
        var storage = new InMemoryStorage();
        var a = new CmaEsSampler(new CmaEsOptions { Seed = 1, SearchSpace = f.Space }, worker: 0);
        var study = Study.Create("w", a, storage);
        study.Optimize(t => f.Evaluate(t, default), 70);
        var b = new CmaEsSampler(new CmaEsOptions { Seed = 1, SearchSpace = f.Space }, worker: 1);
        var second = Study.Create("w", b, storage);
        second.Optimize(t => f.Evaluate(t, default), 1);
        study.Optimize(t => f.Evaluate(t, default), 1);
        Assert.Equal(a.Current!.Generation, b.Current!.Generation);
        Assert.Equal(a.Current.Mean, b.Current.Mean);
        Assert.Equal(a.Current.Sigma, b.Current.Sigma);
    }
}

public sealed class TpePrunedTrialTests
{
    [Fact]
    public void Tpe_ranks_complete_trials_first_then_pruned_ones_by_step_then_value()
    {
        var sampler = new TpeSampler(new TpeOptions { Seed = 1, StartupTrials = 100 });
        var study = Study.Create("rank", sampler);
        void Add(double value, int? prunedAt)
        {
            var t = study.Ask()!;
            t.SuggestFloat("x", 0, 1);
            if (prunedAt is int step)
            {
                t.Report(step, value);
                study.Tell(t, TrialState.Pruned);
            }
            else { study.Tell(t, value); }
        }
        Add(3, null);    // 0
        Add(9, 2);       // 1
        Add(1, null);    // 2
        Add(7, 5);       // 3
        Add(2, 2);       // 4
        Add(5, null);    // 5
        var ranked = sampler.Ranked(study, study.IntersectionSearchSpace).Select(t => t.Number).ToArray();
        Assert.Equal([2, 0, 5, 3, 4, 1], ranked);
        var ignoring = new TpeSampler(new TpeOptions { ConsiderPrunedTrials = false }).Ranked(study, study.IntersectionSearchSpace);
        Assert.Equal([2, 0, 5], ignoring.Select(t => t.Number));
    }

    [Fact]
    public void Tpe_samples_less_often_where_trials_were_pruned_when_it_considers_them()
    {
        // Minimise x on [0, 1], but every trial above 0.6 is pruned at its first report (value 1): the pruned
        // region is only visible to TPE through its pruned trials.
        int InPrunedRegion(bool consider, int seed)
        {
            var study = Study.Create("p", new TpeSampler(new TpeOptions { Seed = seed, ConsiderPrunedTrials = consider }));
            int count = 0;
            for (int i = 0; i < 60; i++)
            {
                var t = study.Ask()!;
                double x = t.SuggestFloat("x", 0, 1);
                if (x > 0.6)
                {
                    if (i >= 10) { count++; }
                    t.Report(0, 1);
                    study.Tell(t, TrialState.Pruned);
                }
                else { study.Tell(t, x); }
            }
            return count;
        }
        int with = Enumerable.Range(1, 4).Sum(s => InPrunedRegion(true, s));
        int without = Enumerable.Range(1, 4).Sum(s => InPrunedRegion(false, s));
        Assert.True(with < without, $"proposals in the pruned region: {with} considering pruned trials, {without} ignoring them");
    }
}
