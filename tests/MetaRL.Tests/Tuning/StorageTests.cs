using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

/// <summary>The behaviours every study store shares; each store's test class derives from this.</summary>
public abstract class StorageBehaviourTests
{
    /// <summary>A store over this test's database (each call a new connection to the same one); null when the backend is unavailable here.</summary>
    protected abstract TrialStorage Open(TimeProvider? time = null);

    /// <summary>Whether threads must share one instance (the in-memory store has no second connection).</summary>
    protected virtual bool SharedInstance => false;

    [SkippableFact]
    public void Concurrent_claims_get_unique_gap_free_numbers_and_respect_the_budget()
    {
        // Each thread opens its own connection (for database stores), as separate processes would.
        using var first = Open();
        var info = first.CreateOrLoadStudy("c", StudyDirection.Minimize);
        var numbers = new System.Collections.Concurrent.ConcurrentBag<int>();
        var threads = Enumerable.Range(0, 4).Select(i => new Thread(() =>
        {
            using var own = SharedInstance ? null : Open();
            var store = own ?? first;
            while (store.ClaimTrial(info.Id, $"w{i}", maxTrials: 60) is FrozenTrial t)
            {
                numbers.Add(t.Number);
                Assert.True(store.FinishTrial(t.Id, TrialState.Complete, t.Number));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(Enumerable.Range(0, 60), numbers.OrderBy(n => n));
        var finished = first.GetFinishedTrials(info.Id, 0);
        Assert.Equal(60, finished.Count);
        Assert.Equal(finished.Select(t => t.CompleteOrder).Distinct().Count(), finished.Count);
    }

    [SkippableFact]
    public void A_trial_without_heartbeats_fails_after_the_grace_period_and_is_retried_with_its_params()
    {
        var clock = new ManualTime();
        using var store = Open(clock);
        var info = store.CreateOrLoadStudy("h", StudyDirection.Minimize);
        var lost = store.ClaimTrial(info.Id, "dead", 3)!;
        store.SetParam(lost.Id, "x", 0.5, new FloatDistribution(0, 1));
        store.SetSystemAttr(lost.Id, "cma:gen", "2");
        clock.Now += TimeSpan.FromSeconds(3);
        Assert.Empty(store.FailStaleTrials(info.Id, TimeSpan.FromSeconds(5), retry: true));
        clock.Now += TimeSpan.FromSeconds(3);
        var failed = Assert.Single(store.FailStaleTrials(info.Id, TimeSpan.FromSeconds(5), retry: true));
        Assert.Equal(TrialState.Failed, failed.State);
        Assert.Contains("heartbeat", failed.Error, StringComparison.Ordinal);
        Assert.True(failed.Retried);
        Assert.False(store.FinishTrial(lost.Id, TrialState.Complete, 1.0), "a late tell from the dead worker is refused");
        var retry = store.ClaimTrial(info.Id, "alive", 3)!;
        Assert.Equal(1, retry.Number);
        Assert.Equal(0.5, retry.Params["x"]);
        Assert.Equal("2", retry.SystemAttrs["cma:gen"]);
        Assert.Equal("0", retry.SystemAttrs["retry_of"]);
        // The retried trial does not count towards the budget: two more fit in a budget of 3.
        Assert.NotNull(store.ClaimTrial(info.Id, "alive", 3));
        Assert.NotNull(store.ClaimTrial(info.Id, "alive", 3));
        Assert.Null(store.ClaimTrial(info.Id, "alive", 3));
    }

    [SkippableFact]
    public void Sequences_count_from_zero_per_study_and_name_whichever_connection_asks()
    {
        using var first = Open();
        var a = first.CreateOrLoadStudy("qa", StudyDirection.Minimize);
        var b = first.CreateOrLoadStudy("qb", StudyDirection.Minimize);
        using var own = SharedInstance ? null : Open();
        var second = own ?? first;
        Assert.Equal(0, first.NextInSequence(a.Id, "workers"));
        Assert.Equal(1, second.NextInSequence(a.Id, "workers"));
        Assert.Equal(0, second.NextInSequence(a.Id, "es:gen:0"));
        Assert.Equal(0, second.NextInSequence(b.Id, "workers"));
        Assert.Equal(2, first.NextInSequence(a.Id, "workers"));
        var drawn = new System.Collections.Concurrent.ConcurrentBag<long>();
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            using var mine = SharedInstance ? null : Open();
            for (int i = 0; i < 25; i++) { drawn.Add((mine ?? first).NextInSequence(b.Id, "c")); }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), drawn.OrderBy(v => v));
    }

    [SkippableFact]
    public void Failing_a_workers_trials_fails_only_the_ones_it_is_running_and_lists_the_rest_as_running()
    {
        using var store = Open();
        var info = store.CreateOrLoadStudy("fw", StudyDirection.Minimize);
        var mine = store.ClaimTrial(info.Id, "w1")!;
        var done = store.ClaimTrial(info.Id, "w1")!;
        Assert.True(store.FinishTrial(done.Id, TrialState.Complete, 1.0));
        var theirs = store.ClaimTrial(info.Id, "w2")!;
        store.SetParam(theirs.Id, "x", 0.25, new FloatDistribution(0, 1));
        Assert.Equal([mine.Id, theirs.Id], store.GetTrials(info.Id, TrialState.Running).Select(t => t.Id));

        var failed = Assert.Single(store.FailWorkerTrials(info.Id, "w1", "stopped"));

        Assert.Equal((mine.Id, TrialState.Failed, "stopped", false), (failed.Id, failed.State, failed.Error, failed.Retried));
        var running = Assert.Single(store.GetTrials(info.Id, TrialState.Running));
        Assert.Equal((theirs.Id, 0.25), (running.Id, running.Params["x"]));
        Assert.Equal(TrialState.Complete, store.GetTrial(done.Id).State);
        Assert.Equal(1.0, store.GetTrial(done.Id).Value);
        Assert.Empty(store.FailWorkerTrials(info.Id, "w1", "again"));
    }

    [SkippableFact]
    public void A_heartbeat_keeps_a_trial_alive()
    {
        var clock = new ManualTime();
        using var store = Open(clock);
        var info = store.CreateOrLoadStudy("b", StudyDirection.Minimize);
        var t = store.ClaimTrial(info.Id, "w")!;
        for (int i = 0; i < 5; i++)
        {
            clock.Now += TimeSpan.FromSeconds(3);
            store.Heartbeat(t.Id);
            Assert.Empty(store.FailStaleTrials(info.Id, TimeSpan.FromSeconds(5), retry: true));
        }
    }
}

/// <summary>Behaviours of stores that outlive the process: a study reopens with every trial kept.</summary>
public abstract class PersistentStorageBehaviourTests : StorageBehaviourTests
{
    [SkippableFact]
    public void A_study_resumes_after_reopening_with_every_trial_kept()
    {
        Open().Dispose();
        var f = new Sphere(3);
        using (var store = Open())
        {
            var study = Study.Create("r", new TpeSampler(new TpeOptions { Seed = 1 }), store);
            study.Optimize(t => f.Evaluate(t, default), 15, studyWideBudget: true);
            var dangling = study.Ask()!;
            dangling.SuggestFloat("x0", -5.12, 5.12);
            // "crash": the process stops without telling this trial.
        }
        using (var store = Open())
        {
            var study = Study.Create("r", new TpeSampler(new TpeOptions { Seed = 1 }), store,
                options: new StudyOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50), GracePeriod = TimeSpan.FromMilliseconds(200) });
            Assert.Equal(15, study.CompleteTrials.Count);
            Thread.Sleep(300);
            study.Optimize(t => f.Evaluate(t, default), 25, studyWideBudget: true);
            var trials = study.Trials;
            Assert.Equal(26, trials.Count);
            Assert.Equal(25, trials.Count(t => t.State == TrialState.Complete));
            var lost = Assert.Single(trials, t => t.State == TrialState.Failed);
            Assert.Equal(15, lost.Number);
            Assert.Contains(trials, t => t.SystemAttrs.GetValueOrDefault("retry_of") == "15" && t.State == TrialState.Complete);
        }
    }
}

public sealed class InMemoryStorageTests : StorageBehaviourTests
{
    protected override bool SharedInstance => true;

    protected override TrialStorage Open(TimeProvider? time = null) => new InMemoryStorage(time);
}

public sealed class SqliteStorageTests : PersistentStorageBehaviourTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-storage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    protected override TrialStorage Open(TimeProvider? time = null) => new SqliteStorage(Path.Combine(_dir, "s.db"), time);
}
