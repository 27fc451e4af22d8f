using System.Diagnostics;
using MetaRL.Tuning;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>The sampler quality and speed figures behind bench/results/tuning.*: each run's raw numbers.</summary>
internal static class TuneBench
{
    public sealed record RunResult(string Sampler, string Objective, int Seed, int Trials, double Best, int? HitAt, double Seconds);

    /// <summary>Runs one in-memory study; <paramref name="target"/> records the first trial whose value gets within reach.</summary>
    public static RunResult RunOne(string sampler, BenchmarkFunction f, int seed, int trials, double? target = null, double? sigma0 = null)
    {
        var settings = new TuneSettings(f, f.Name, sampler, trials, seed, null, "bench", sigma0, 0, 1, null, 0);
        var study = Study.Create("bench", SamplerFactory.Create(settings));
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
