using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MetaRL.Tuning;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// <c>metarl tune bench --out DIR</c>: the acceptance figures of the samplers (CMA-ES on 8-D Rosenbrock,
/// GP-BO on Branin, every sampler on Hartmann-6), storage throughput and a two-process shared study,
/// written to DIR/tuning.json and DIR/tuning.md.
/// </summary>
internal static class TuneBenchCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Directory for tuning.json and tuning.md.", DefaultValueFactory = _ => "bench/results" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per figure.", DefaultValueFactory = _ => 10 };
        var command = new Command("bench", "Measure sampler quality and speed and write tuning.json / tuning.md.") { outDir, seeds };
        command.SetAction(parse => Run(parse.GetValue(outDir)!, parse.GetValue(seeds), parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(string dir, int seeds, TextWriter output)
    {
        if (seeds < 1) { throw new UserInputException("--seeds must be at least 1."); }
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        var runs = new List<TuneBench.RunResult>();
        void Log(TuneBench.RunResult r)
        {
            runs.Add(r);
            output.WriteLine(string.Create(inv, $"{r.Sampler,-7} {r.Objective,-13} seed {r.Seed,2}: best {r.Best:G6} hit {(r.HitAt?.ToString(inv) ?? "-"),5}  {r.Seconds:F2} s"));
        }
        var seedList = Enumerable.Range(1, seeds).ToList();
        foreach (int s in seedList) { Log(TuneBench.RunOne("cmaes", new Rosenbrock(8), s, 5000, target: 1e-10, sigma0: 0.5)); }
        var branin = new Branin();
        foreach (int s in seedList) { Log(TuneBench.RunOne("gp", branin, s, 60, target: branin.KnownMinimum + 0.01)); }
        foreach (var sampler in new[] { "random", "tpe", "gp", "cmaes", "es" })
        {
            foreach (int s in seedList) { Log(TuneBench.RunOne(sampler, new Hartmann6(), s, 100)); }
        }
        var scratch = Directory.CreateTempSubdirectory("metarl-tune-bench-").FullName;
        var (mem, sql) = TuneBench.StorageThroughput(2000, scratch);
        output.WriteLine(string.Create(inv, $"storage: {mem:F0} trials/s in memory, {sql:F0} trials/s in SQLite"));
        var shared = TuneBench.SharedStudy(200, scratch);
        output.WriteLine($"shared study: {shared}");
        Directory.Delete(scratch, recursive: true);
        var summary = Summarise(runs, seeds);
        MetaRL.Serialization.AtomicFile.WriteText(Path.Combine(dir, "tuning.json"), JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
            summary,
            storage_trials_per_second = new { memory = Math.Round(mem, 1), sqlite = Math.Round(sql, 1), sampler = "random", objective = "sphere:4", trials = 2000 },
            shared_study = new { workers = 2, trials = shared.Trials, distinct_numbers = shared.Distinct, failed = shared.Failed, workers_seen = shared.Workers, worker_errors = shared.WorkerErrors, seconds = Math.Round(shared.Seconds, 2) },
            runs = runs.Select(r => new { sampler = r.Sampler, objective = r.Objective, seed = r.Seed, trials = r.Trials, best = r.Best, hit_at = r.HitAt, seconds = Math.Round(r.Seconds, 3) }),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        MetaRL.Serialization.AtomicFile.WriteText(Path.Combine(dir, "tuning.md"), Markdown(summary, mem, sql, shared));
        output.WriteLine($"Wrote {Path.Combine(dir, "tuning.json")} and tuning.md.");
        return 0;
    }

    private static List<Dictionary<string, object?>> Summarise(List<TuneBench.RunResult> runs, int seeds) =>
        [.. runs.GroupBy(r => (r.Sampler, r.Objective, r.Trials)).Select(g =>
        {
            var best = g.Select(r => r.Best).Order().ToList();
            double median = best.Count % 2 == 1 ? best[best.Count / 2] : 0.5 * (best[best.Count / 2 - 1] + best[best.Count / 2]);
            return new Dictionary<string, object?>
            {
                ["sampler"] = g.Key.Sampler, ["objective"] = g.Key.Objective, ["trials"] = g.Key.Trials, ["seeds"] = seeds,
                ["median_best"] = median, ["worst_best"] = best[^1], ["hits"] = g.Count(r => r.HitAt is not null),
                ["median_hit_at"] = g.Where(r => r.HitAt is not null).Select(r => (double)r.HitAt!.Value).Order().ElementAtOrDefault(g.Count(r => r.HitAt is not null) / 2),
                ["ms_per_trial"] = Math.Round(1000 * g.Sum(r => r.Seconds) / g.Sum(r => r.Trials), 3),
            };
        })];

    private static string Markdown(List<Dictionary<string, object?>> summary, double mem, double sql,
        (int Trials, int Distinct, int Failed, int Workers, int WorkerErrors, double Seconds) shared)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Tuning benchmarks (`bench/run-tuning.sh`)").AppendLine();
        sb.AppendLine(string.Create(inv, $"Machine: {Environment.ProcessorCount} cores, shared with other jobs while measured; times are wall-clock and noisy.")).AppendLine();
        sb.AppendLine("| sampler | objective | trials | seeds | median best | worst best | target hits | median hit at | ms / trial |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in summary)
        {
            bool hasTarget = (string)r["objective"]! != "hartmann6";
            sb.AppendLine(string.Create(inv, $"| {r["sampler"]} | {r["objective"]} | {r["trials"]} | {r["seeds"]} | {(double)r["median_best"]!:G6} | {(double)r["worst_best"]!:G6} | " +
                $"{(hasTarget ? $"{r["hits"]}/{r["seeds"]}" : "-")} | {(hasTarget ? $"{r["median_hit_at"]}" : "-")} | {r["ms_per_trial"]} |"));
        }
        sb.AppendLine();
        sb.AppendLine("Targets: rosenbrock:8 (CMA-ES, x0 = 0, σ0 = 0.5) f ≤ 1e-10 within 5,000 evaluations (pycma: 1.27e-11 after 4,000); branin (GP-BO) within 0.01 of 0.397887 within 60. Hartmann-6 minimum: −3.32237.").AppendLine();
        sb.AppendLine(string.Create(inv, $"Storage: random sampler on sphere:4, 2,000 trials: {mem:F0} trials/s in memory, {sql:F0} trials/s in a SQLite file (WAL)."));
        sb.AppendLine(string.Create(inv, $"Two worker processes, one SQLite study, {shared.Trials} trials: {shared.Distinct} distinct numbers, {shared.Failed} failed, {shared.Workers} workers seen, {shared.WorkerErrors} worker errors, {shared.Seconds:F1} s."));
        return sb.ToString();
    }
}
