using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

public sealed class StudyTests
{
    [Fact]
    public void Define_by_run_suggestions_stay_in_their_ranges_and_are_recorded()
    {
        var study = Study.Create("s", new RandomSampler(1));
        study.Optimize(t =>
        {
            double lr = t.SuggestFloat("lr", 1e-5, 1e-1, log: true);
            long layers = t.SuggestInt("layers", 1, 4);
            string act = t.SuggestCategorical("act", ["relu", "tanh"]);
            double step = t.SuggestFloat("drop", 0, 0.5, step: 0.1);
            Assert.InRange(lr, 1e-5, 1e-1);
            Assert.InRange(layers, 1, 4);
            Assert.Contains(act, new[] { "relu", "tanh" });
            Assert.Equal(Math.Round(step * 10) / 10, step, 12);
            return lr * layers;
        }, 40);
        Assert.Equal(40, study.Trials.Count);
        Assert.All(study.Trials, t => Assert.Equal(4, t.Params.Count));
        Assert.Equal(4, study.BestTrial!.Params.Count);
        var layersSeen = study.Trials.Select(t => (long)t.ExternalParams["layers"]).Distinct().Count();
        Assert.Equal(4, layersSeen);
        var logs = study.Trials.Select(t => Math.Log10((double)t.ExternalParams["lr"])).ToList();
        Assert.True(logs.Count(l => l < -3) > 10, "log-uniform: about half the draws fall below 1e-3");
    }

    [Fact]
    public void Ask_and_tell_finds_the_best_in_the_study_direction()
    {
        var study = Study.Create("max", new RandomSampler(2), direction: StudyDirection.Maximize);
        for (int i = 0; i < 20; i++)
        {
            var t = study.Ask()!;
            double x = t.SuggestFloat("x", -1, 1);
            study.Tell(t, -x * x);
        }
        var best = study.BestTrial!;
        Assert.Equal(study.Trials.Where(t => t.State == TrialState.Complete).Max(t => t.Value), best.Value);
        Assert.Equal((double)study.BestParams["x"], best.Params["x"]);
    }

    [Fact]
    public void A_throwing_objective_fails_its_trial_with_the_error_and_the_study_goes_on()
    {
        var study = Study.Create("f", new RandomSampler(3));
        study.Optimize(t =>
        {
            double x = t.SuggestFloat("x", 0, 1);
            return t.Number == 1 ? throw new InvalidOperationException("boom") : t.Number == 2 ? double.NaN : x;
        }, 4);
        var trials = study.Trials;
        Assert.Equal(TrialState.Failed, trials[1].State);
        Assert.Contains("boom", trials[1].Error, StringComparison.Ordinal);
        Assert.Equal(TrialState.Failed, trials[2].State);
        Assert.Equal(TrialState.Complete, trials[3].State);
        Assert.All(trials, t => Assert.NotNull(t.Duration));
    }

    [Fact]
    public void A_pruned_trial_keeps_its_last_intermediate_value()
    {
        var study = Study.Create("p", new RandomSampler(4));
        var t = study.Ask()!;
        t.Report(0, 5.0);
        t.Report(1, 4.0);
        var frozen = study.Tell(t, TrialState.Pruned);
        Assert.Equal(TrialState.Pruned, frozen.State);
        Assert.Equal(4.0, frozen.Value);
        Assert.Equal(2, frozen.IntermediateValues.Count);
    }

    [Fact]
    public void An_enqueued_trial_runs_with_its_fixed_parameters()
    {
        var study = Study.Create("e", new RandomSampler(5));
        study.Enqueue(new Dictionary<string, double> { ["x"] = 0.25 }, new Dictionary<string, ParamDistribution> { ["x"] = new FloatDistribution(0, 1) });
        var t = study.Ask()!;
        Assert.Equal(0.25, t.SuggestFloat("x", 0, 1));
    }

    [Fact]
    public void Distributions_round_trip_through_their_text_form()
    {
        ParamDistribution[] all = [new FloatDistribution(1e-5, 1, log: true), new FloatDistribution(-1, 1, step: 0.25), new IntDistribution(2, 64, log: true), new CategoricalDistribution(["a", "b|c"])];
        foreach (var d in all) { Assert.Equal(d, ParamDistribution.Parse(d.Serialize())); }
    }
}
