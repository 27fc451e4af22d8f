using System.Globalization;
using MetaRL.Tuning;

namespace MetaRL.Tests.Tuning;

/// <summary>
/// Several workers on one study: each draws its own stream (the study numbers them) and sees the trials the
/// others are running, so they never evaluate the same parameters twice.
/// </summary>
public sealed class SharedStudyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-shared-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Sampler Create(string sampler, int worker) => sampler switch
    {
        "random" => new RandomSampler(1, worker),
        "tpe" => new TpeSampler(new TpeOptions { Seed = 1 }, worker),
        _ => throw new ArgumentException(sampler),
    };

    /// <summary>
    /// Two workers, each on its own connection to one SQLite study as two processes would be, both given seed 1
    /// (two <c>metarl tune</c> commands typed alike), run 40 Branin trials between them; returns the trials.
    /// </summary>
    private List<FrozenTrial> RunTwoWorkers(string db, Func<TrialStorage, string, Study> open)
    {
        var branin = new Branin();
        using var start = new Barrier(2);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            try
            {
                using var storage = new SqliteStorage(db);
                var study = open(storage, $"w{i}");
                start.SignalAndWait();
                study.Optimize(t =>
                {
                    double v = branin.Evaluate(t, default);
                    Thread.Sleep(3);
                    return v;
                }, 40, studyWideBudget: true);
            }
#pragma warning disable CA1031 // Reported on the test thread below.
            catch (Exception ex) { errors.Add(ex); }
#pragma warning restore CA1031
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        using var read = new SqliteStorage(db);
        return [.. read.GetAllTrials(read.FindStudy("branin")!.Id)];
    }

    private static StudyOptions Options(string worker) => new() { WorkerId = worker, HeartbeatInterval = TimeSpan.FromSeconds(1) };

    private static string Key(FrozenTrial t) =>
        string.Join(",", t.Params.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToString("R", CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("random")]
    [InlineData("tpe")]
    public void Two_workers_joining_one_sqlite_study_with_one_seed_sample_no_duplicate_parameter_sets(string sampler)
    {
        var trials = RunTwoWorkers(Path.Combine(_dir, $"{sampler}.db"),
            (storage, worker) => Study.Join("branin", w => Create(sampler, w), storage, options: Options(worker)));

        Assert.Equal(40, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(40, trials.Select(Key).Distinct().Count());
        Assert.All(new[] { "w0", "w1" }, w => Assert.True(trials.Count(t => t.Worker == w) >= 5, $"worker {w} should have run a share of the trials"));
    }

    /// <summary>The failure the test above guards against: two workers that build their samplers alike repeat each other.</summary>
    [Fact]
    public void Without_joining_two_workers_with_one_seed_repeat_each_others_parameters()
    {
        var trials = RunTwoWorkers(Path.Combine(_dir, "create.db"),
            (storage, worker) => Study.Create("branin", Create("random", 0), storage, options: Options(worker)));

        Assert.Equal(40, trials.Count);
        Assert.True(trials.Select(Key).Distinct().Count() < 40, "identical streams give identical parameter sets");
    }

    [Fact]
    public void Joining_numbers_the_workers_and_the_first_samples_exactly_as_a_lone_study_does()
    {
        var f = new Hartmann6();
        var lone = Study.Create("h", new TpeSampler(new TpeOptions { Seed = 3 }));
        lone.Optimize(t => f.Evaluate(t, default), 15);

        var storage = new InMemoryStorage();
        var first = Study.Join("h", w => new TpeSampler(new TpeOptions { Seed = 3 }, w), storage);
        first.Optimize(t => f.Evaluate(t, default), 15);
        var second = Study.Join("h", w => new TpeSampler(new TpeOptions { Seed = 3 }, w), storage);
        var third = Study.Join("h", w => new TpeSampler(new TpeOptions { Seed = 3 }, w), storage);

        Assert.Equal([0, 1, 2], new[] { first.WorkerNumber, second.WorkerNumber, third.WorkerNumber });
        Assert.Null(lone.WorkerNumber);
        Assert.Equal(lone.Trials.Select(Key), first.Trials.Select(Key));
    }

    [Fact]
    public void Running_trials_are_the_ones_other_workers_hold_with_the_params_they_stored()
    {
        var storage = new InMemoryStorage();
        var mine = Study.Create("r", new RandomSampler(1), storage);
        var other = Study.Create("r", new RandomSampler(2), storage);
        var theirs = other.Ask()!;
        theirs.SuggestFloat("x", 0, 1);
        var finished = other.Ask()!;
        finished.SuggestFloat("x", 0, 1);
        other.Tell(finished, 1.0);

        var trial = mine.Ask()!;

        var running = Assert.Single(mine.RunningTrials);
        Assert.Equal(theirs.Id, running.Id);
        Assert.Equal(theirs.InternalParams["x"], running.Params["x"]);
        Assert.NotEqual(trial.Id, running.Id);
    }

    /// <summary>A study of (x − 0.3)²: 30 complete random trials, then <paramref name="running"/> trials another worker holds.</summary>
    private static InMemoryStorage Quadratic(params double[] running)
    {
        var storage = new InMemoryStorage();
        Study.Create("l", new RandomSampler(5), storage).Optimize(t => Math.Pow(t.SuggestFloat("x", 0, 1) - 0.3, 2), 30);
        foreach (double x in running)
        {
            var other = Study.Create("l", new RandomSampler(6), storage, options: new StudyOptions { WorkerId = "other" }).Ask()!;
            storage.SetParam(other.Id, "x", x, new FloatDistribution(0, 1));
        }
        return storage;
    }

    [Fact]
    public void Tpe_with_a_constant_liar_counts_other_workers_running_trials_as_bad_and_never_as_good()
    {
        var storage = Quadratic(0.29, 0.3, 0.31);
        var space = new SearchSpace([KeyValuePair.Create("x", (ParamDistribution)new FloatDistribution(0, 1))]);
        var study = Study.Create("l", new RandomSampler(7), storage);
        var own = study.Ask()!;

        var (good, bad) = new TpeSampler(new TpeOptions { Seed = 1 }).Split(study, space)!.Value;
        var (plainGood, plainBad) = new TpeSampler(new TpeOptions { Seed = 1, ConstantLiar = false }).Split(study, space)!.Value;

        Assert.Equal(4, good.Count); // γ(30 + 3 running) = ⌈3.3⌉
        Assert.Equal(3, plainGood.Count); // γ(30)
        Assert.All(good, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(3, bad.Count(t => t.State == TrialState.Running));
        Assert.DoesNotContain(bad, t => t.Id == own.Id);
        Assert.Equal(30, good.Count + bad.Count(t => t.State == TrialState.Complete));
        Assert.Equal(30, plainGood.Count + plainBad.Count);
    }

    /// <summary>
    /// Four trials another worker is evaluating at the optimum x = 0.3 push a constant-liar TPE's next samples away
    /// from it; without running trials the liar changes nothing.
    /// </summary>
    [Fact]
    public void Tpe_with_a_constant_liar_samples_away_from_points_other_workers_are_evaluating()
    {
        static double MeanDistance(InMemoryStorage storage, bool liar)
        {
            double total = 0;
            for (int seed = 1; seed <= 40; seed++)
            {
                var study = Study.Create("l", new TpeSampler(new TpeOptions { Seed = seed, ConstantLiar = liar }), storage);
                var trial = study.Ask()!;
                total += Math.Abs(trial.SuggestFloat("x", 0, 1) - 0.3);
                study.Tell(trial, TrialState.Failed);
            }
            return total / 40;
        }

        double plain = MeanDistance(Quadratic(0.28, 0.29, 0.31, 0.32), liar: false);
        double lied = MeanDistance(Quadratic(0.28, 0.29, 0.31, 0.32), liar: true);

        Assert.Equal(MeanDistance(Quadratic(), liar: false), MeanDistance(Quadratic(), liar: true));
        Assert.True(lied > 1.5 * plain, $"the liar should move samples away from x = 0.3 (plain {plain:F4}, liar {lied:F4})");
    }

    [Fact]
    public void Es_workers_sharing_a_study_are_handed_different_members_of_a_generation()
    {
        var storage = new InMemoryStorage();
        var options = new OpenAiEsOptions { Seed = 1, PopulationSize = 8 };
        var workers = Enumerable.Range(0, 2).Select(_ => Study.Join("es", w => new OpenAiEsSampler(options, w), storage)).ToList();
        var sphere = new Sphere(2);
        // A first complete trial fixes the search space; the population then starts at generation 0.
        workers[0].Optimize(t => sphere.Evaluate(t, default), 1);
        var asked = new List<Trial>();
        for (int i = 0; i < 8; i++)
        {
            var t = workers[i % 2].Ask()!;
            sphere.Evaluate(t, default);
            asked.Add(t);
        }
        var members = asked.Select(t => t.SystemAttrs["es:member"]).ToList();
        Assert.Equal(8, members.Distinct().Count());
        Assert.Equal(8, asked.Select(t => string.Join(",", t.InternalParams.Values)).Distinct().Count());
    }

    [Fact]
    public void An_objective_stopped_by_cancellation_fails_its_trial_as_interrupted()
    {
        using var stop = new CancellationTokenSource();
        var study = Study.Create("c", new RandomSampler(1));
        study.Optimize(t =>
        {
            t.SuggestFloat("x", 0, 1);
            if (t.Number == 2) { stop.Cancel(); stop.Token.ThrowIfCancellationRequested(); }
            return t.Number;
        }, 10, cancellation: stop.Token);

        var trials = study.Trials;
        Assert.Equal(3, trials.Count);
        Assert.Equal(TrialState.Failed, trials[2].State);
        Assert.Equal(Study.InterruptedError, trials[2].Error);
        Assert.DoesNotContain(trials, t => t.State == TrialState.Running);
    }
}
