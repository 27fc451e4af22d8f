namespace MetaRL.Cli.Commands.Tune;

/// <summary>The sampler quality and speed figures behind bench/results/tuning.*: each run's raw numbers.</summary>
internal static class TuneBench
{
    public sealed record RunResult(string Sampler, string Objective, int Seed, int Trials, double Best, int? HitAt, double Seconds);

    /// <summary>Everything <c>metarl tune bench</c> measures, as <see cref="TuneBenchReport"/> renders it.</summary>
    public sealed record Results(int Seeds, IReadOnlyList<RunResult> Runs, double MemoryRate, double SqliteRate,
        (int Trials, int Distinct, int Failed, int Workers, int WorkerErrors, double Seconds) Shared);

    /// <summary>
    /// The whole benchmark: CMA-ES on 8-D Rosenbrock, GP-BO on Branin, every sampler on Hartmann-6 (each over
    /// seeds 1..<paramref name="seeds"/>), then storage throughput and a two-process shared study in a scratch
    /// folder it deletes. <paramref name="progress"/> gets one line per run and per storage figure as they finish.
    /// </summary>
    public static Results RunAll(int seeds, Action<string> progress)
    {
        var inv = CultureInfo.InvariantCulture;
        var runs = new List<RunResult>();
        void Log(RunResult r)
        {
            runs.Add(r);
            progress(string.Create(inv, $"{r.Sampler,-7} {r.Objective,-13} seed {r.Seed,2}: best {r.Best:G6} hit {(r.HitAt?.ToString(inv) ?? "-"),5}  {r.Seconds:F2} s"));
        }
        var seedList = Enumerable.Range(1, seeds).ToList();
        foreach (int s in seedList) { Log(RunOne("cmaes", new Rosenbrock(8), s, 5000, target: 1e-10, sigma0: 0.5)); }
        var branin = new Branin();
        foreach (int s in seedList) { Log(RunOne("gp", branin, s, 60, target: branin.KnownMinimum + 0.01)); }
        foreach (var sampler in new[] { "random", "tpe", "gp", "cmaes", "es" })
        {
            foreach (int s in seedList) { Log(RunOne(sampler, new Hartmann6(), s, 100)); }
        }
        var scratch = Directory.CreateTempSubdirectory("metarl-tune-bench-").FullName;
        var (mem, sql) = StorageThroughput(2000, scratch);
        progress(string.Create(inv, $"storage: {mem:F0} trials/s in memory, {sql:F0} trials/s in SQLite"));
        var shared = SharedStudy(200, scratch);
        progress($"shared study: {shared}");
        Directory.Delete(scratch, recursive: true);
        return new Results(seeds, runs, mem, sql, shared);
    }

    /// <summary>Runs one in-memory study; <paramref name="target"/> records the first trial whose value gets within reach.</summary>
    public static RunResult RunOne(string sampler, BenchmarkFunction f, int seed, int trials, double? target = null, double? sigma0 = null)
    {
        var settings = new TuneSettings(f, f.Name, sampler, trials, seed, null, "bench", sigma0, 0, 1, null, 0);
        var study = Study.Create("bench", SamplerFactory.Create(settings, 0));
        int? hit = null;
        var watch = Stopwatch.StartNew();
        study.Optimize(t => f.Evaluate(t, default), trials, onTrialFinished: t =>
        {
            if (hit is null && target is double g && t.Value is double v && v <= g) { hit = t.Number + 1; }
        });
        watch.Stop();
        return new RunResult(sampler, f.Name, seed, trials, study.BestValue!.Value, hit, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Trials per second of the random sampler in memory and in a SQLite file (the storage overhead).</summary>
    public static (double Memory, double Sqlite) StorageThroughput(int trials, string dir)
    {
        var f = new Sphere(4);
        double Rate(TrialStorage storage)
        {
            var study = Study.Create("speed", new RandomSampler(1), storage);
            var w = Stopwatch.StartNew();
            study.Optimize(t => f.Evaluate(t, default), trials);
            return trials / w.Elapsed.TotalSeconds;
        }
        double mem = Rate(new InMemoryStorage());
        string path = Path.Combine(dir, "speed.db");
        double sql;
        using (var s = new SqliteStorage(path)) { sql = Rate(s); }
        foreach (var p in Directory.GetFiles(dir, "speed.db*")) { File.Delete(p); }
        return (mem, sql);
    }

    /// <summary>Two worker processes on one SQLite study: trials, distinct numbers, failures, workers seen, seconds.</summary>
    public static (int Trials, int Distinct, int Failed, int Workers, int WorkerErrors, double Seconds) SharedStudy(int trials, string dir)
    {
        string path = Path.Combine(dir, "shared.db");
        var settings = new TuneSettings(new Sphere(2), "sphere:2", "random", trials, 1, $"sqlite:{path}", "shared", null, 0, 1, null, 0);
        using (var s = new SqliteStorage(path)) { s.CreateOrLoadStudy("shared", StudyDirection.Minimize); }
        var w = Stopwatch.StartNew();
        int errors = WorkerLauncher.RunAll(settings, 2, () => { }, TextWriter.Null);
        double seconds = w.Elapsed.TotalSeconds;
        using var store = new SqliteStorage(path);
        var all = store.GetAllTrials(store.FindStudy("shared")!.Id);
        var result = (all.Count, all.Select(t => t.Number).Distinct().Count(), all.Count(t => t.State == TrialState.Failed),
            all.Select(t => t.Worker?.Split(':')[0]).Distinct().Count(), errors, seconds);
        store.Dispose();
        foreach (var p in Directory.GetFiles(dir, "shared.db*")) { File.Delete(p); }
        return result;
    }
}
