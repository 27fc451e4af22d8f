using MetaRL.Envs;
using MetaRL.Learning.Decision;
using MetaRL.Learning.Meta;
using MetaRL.Random;
using MetaRL.Tracking;

namespace MetaRL.Tests.Learning.Decision;

public sealed class DptSanityTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "metarl-dpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) { Directory.Delete(_root, recursive: true); }
    }

    [Fact]
    public void A_tiny_dpt_learns_a_two_arm_bandit_and_acts_on_held_out_tasks_nearly_as_well_as_thompson_sampling()
    {
        var (_, run, result) = DptTestRuns.Pretrain(_root, "two-arms", DptTestRuns.TwoArms(300));
        Assert.Equal(RunSummary.Completed, result.Summary.Status);
        // ln 2 = 0.693 is the loss of a model that has learned nothing; the exact posterior of the best arm (Beta(1, 1)
        // priors, integrated numerically) scores 0.416 on these 64 validation rows of DPT's Dirichlet-mix contexts, and
        // this model reaches about 0.435.
        Assert.True(result.ValLoss < 0.48, $"validation loss {result.ValLoss:F3}");

        var loaded = MetaRun.Load(run.Root);
        var tasks = loaded.HeldOutTasks(200, seed: 0);
        var model = DptAlgorithm.LoadModel(loaded);
        var trial = OnlineActing.Run(model, loaded.Setup, tasks, new Rng(11), greedy: false);
        double dpt = BanditRegret.Curves(tasks, trial.Actions).Average(c => c[^1]);
        double Regret(string method) => BanditRegret.Curves(tasks, BanditRegret.Actions(loaded.Setup, tasks, method, new Rng(11))).Average(c => c[^1]);
        double random = Regret("random"), thompson = Regret("thompson");
        // Over 10 pulls of 2 arms Thompson sampling's regret is about 0.58 of random's (1.01 against 1.75 on 400 tasks).
        Assert.True(dpt < 0.7 * random, $"dpt regret {dpt:F3} against random {random:F3}");
        Assert.True(dpt < 1.2 * thompson, $"dpt regret {dpt:F3} against thompson {thompson:F3}");
    }

    [Fact]
    public void Online_acting_takes_one_action_per_pull_and_its_totals_are_the_rewards_received()
    {
        var (_, run, _) = DptTestRuns.Pretrain(_root, "acting", DptTestRuns.TwoArms(5, ("warmup_steps", "1")));
        var loaded = MetaRun.Load(run.Root);
        var tasks = loaded.HeldOutTasks(4, seed: 1);
        var trial = OnlineActing.Run(DptAlgorithm.LoadModel(loaded), loaded.Setup, tasks, new Rng(3), greedy: true);
        Assert.All(trial.Actions, a => Assert.Equal(10, a.Count));
        Assert.All(trial.Actions.SelectMany(a => a), a => Assert.InRange(a, 0, 1));
        Assert.Equal(trial.Rewards.Select(r => r.Sum()), trial.Totals);
        Assert.Equal([1, 11, 6], trial.Context(0).Shape.ToArray()); // the query, then all 10 transitions
        var again = OnlineActing.Run(DptAlgorithm.LoadModel(loaded), loaded.Setup, tasks, new Rng(3), greedy: true);
        Assert.Equal(trial.Actions, again.Actions);
    }
}
