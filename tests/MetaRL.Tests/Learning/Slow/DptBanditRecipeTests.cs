using MetaRL.Learning;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;
using MetaRL.Tests.Learning.Decision;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Slow;

/// <summary>Issue 25's bandit target, run from the shipped recipe (samples/configs/dpt-bandit.yaml) as
/// bench/dpt-bandit/run.sh runs it: pretraining within 30 minutes, then DPT's cumulative regret after 100 pulls at most
/// 1.1 × Thompson sampling's on 200 held-out tasks. Minutes of two cores, so Category=Slow.</summary>
[Trait("Category", "Slow")]
public sealed class DptBanditRecipeTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_shipped_bandit_recipe_pretrains_within_30_minutes_and_its_regret_is_within_10_percent_of_thompson_sampling()
    {
        var setup = MetaSetup.Parse(new ConfigLayers().File(RepoPaths.Of("samples", "configs", "dpt-bandit.yaml")).Pairs);
        var run = new RunDirectory(_folder.Path_("run"));
        var result = ((IPretrainable)setup.Algorithm).Pretrain(setup, run, new PretrainSession());
        Assert.Equal(RunSummary.Completed, result.Summary.Status);
        Assert.True(result.Summary.WallSeconds < 1800, $"pretraining took {result.Summary.WallSeconds:F0} s");

        var rows = MetaEvaluator.Evaluate(MetaRun.Load(run.Root), new MetaEvalSettings(200, [0]));
        double Regret(string method) => rows.Single(r => r.Kind == MetaEvalRow.RegretStep && r.Method == method && r.Steps == 100).Mean;
        Assert.True(Regret("dpt") <= 1.1 * Regret("thompson"), $"dpt {Regret("dpt"):F2} against thompson {Regret("thompson"):F2}");
        Assert.True(Regret("dpt") < 0.6 * Regret("ucb1"), $"dpt {Regret("dpt"):F2} against ucb1 {Regret("ucb1"):F2}");
    }
}
