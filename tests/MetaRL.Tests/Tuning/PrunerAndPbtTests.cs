using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

public sealed class PrunerAndPbtTests
{
    /// <summary>A learning curve: trial quality q in [0, 1] decides the level it converges to (lower is better).</summary>
    private static double Curve(double q, int step) => q + 1.0 / (step + 1);

    private static Study RunWith(Pruner pruner, int trials, int steps)
    {
        var study = Study.Create("p", new RandomSampler(7), pruner: pruner);
        study.Optimize(t =>
        {
            double q = t.SuggestFloat("q", 0, 1);
            for (int s = 0; s < steps; s++)
            {
                t.Report(s, Curve(q, s));
                if (t.ShouldPrune()) { throw new TrialPrunedException(); }
            }
            return Curve(q, steps - 1);
        }, trials);
        return study;
    }

    [Fact]
    public void Median_pruner_stops_trials_worse_than_the_median_and_keeps_the_best()
    {
        var study = RunWith(new MedianPruner { StartupTrials = 5 }, 40, 10);
        var pruned = study.Trials.Where(t => t.State == TrialState.Pruned).ToList();
        Assert.True(pruned.Count >= 10, $"pruned {pruned.Count}");
        double bestQ = study.Trials.Min(t => t.Params["q"]);
        Assert.Equal(bestQ, study.BestTrial!.Params["q"]);
        Assert.All(study.Trials.Take(5), t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public void Successive_halving_promotes_about_one_in_eta_at_each_rung()
    {
        var study = RunWith(new SuccessiveHalvingPruner { MinResource = 1, ReductionFactor = 3 }, 60, 28);
        var trials = study.Trials;
        int reached9 = trials.Count(t => t.IntermediateValues.Keys.Max() >= 9);
        int reached27 = trials.Count(t => t.IntermediateValues.Keys.Max() >= 27);
        Assert.InRange(reached9, 3, 60 / 3);
        Assert.True(reached27 < reached9);
        Assert.Equal(study.Trials.Where(t => t.State == TrialState.Complete).Min(t => t.Params["q"]), study.BestTrial!.Params["q"]);
    }

    [Fact]
    public void Hyperband_spreads_trials_over_its_brackets()
    {
        var hb = new HyperbandPruner(1, 27, 3);
        Assert.Equal(4, hb.BracketCount);
        var counts = Enumerable.Range(0, 4000).GroupBy(hb.BracketOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(4, counts.Count);
        Assert.True(counts[0] > counts[3], "the most aggressive bracket gets the most trials");
        var study = RunWith(hb, 40, 27);
        Assert.Contains(study.Trials, t => t.State == TrialState.Pruned);
    }

    private sealed class Member
    {
        public double[] Theta = [0.9, 0.9];
    }

    /// <summary>The toy problem of Jaderberg et al. (2017, Fig. 2): maximise Q = 1.2 − |θ|² by ascending Q̂ = 1.2 − (h₀θ₀² + h₁θ₁²).</summary>
    private static (double Best, PopulationBasedTraining<Member> Pbt, Study Study) RunToy(double truncation)
    {
        var space = new SearchSpace([KeyValuePair.Create<string, ParamDistribution>("h0", new FloatDistribution(0, 1)), KeyValuePair.Create<string, ParamDistribution>("h1", new FloatDistribution(0, 1))]);
        var callbacks = new PbtCallbacks<Member>(
            (_, _) => new Member(),
            (m, h, _) =>
            {
                for (int k = 0; k < 4; k++)
                {
                    m.Theta[0] += 0.02 * -2 * h["h0"] * m.Theta[0];
                    m.Theta[1] += 0.02 * -2 * h["h1"] * m.Theta[1];
                }
                return 1.2 - (m.Theta[0] * m.Theta[0] + m.Theta[1] * m.Theta[1]);
            },
            m => new Member { Theta = (double[])m.Theta.Clone() });
        var pbt = new PopulationBasedTraining<Member>(space, callbacks, new PbtOptions { PopulationSize = 8, Rounds = 25, Seed = 3, TruncationFraction = truncation });
        var study = Study.Create("pbt", new RandomSampler(0), direction: StudyDirection.Maximize);
        return (pbt.Run(study).Score, pbt, study);
    }

    [Fact]
    public void Pbt_exploits_and_explores_to_beat_the_same_population_trained_without_it()
    {
        var (withPbt, _, study) = RunToy(0.25);
        var (without, _, _) = RunToy(0);
        Assert.True(withPbt > without, $"PBT {withPbt} vs independent {without}");
        Assert.Equal(8 * 25, study.Trials.Count);
        Assert.Contains(study.Trials, t => t.SystemAttrs["pbt:parent"] != "-1");
    }
}
