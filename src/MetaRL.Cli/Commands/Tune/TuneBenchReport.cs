using System.Text;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>Renders <see cref="TuneBench.Results"/> as bench/results/tuning.json and tuning.md: per (sampler,
/// objective) medians over the seeds, target hits, time per trial, storage rates and the shared study.</summary>
internal static class TuneBenchReport
{
    /// <summary>The text of tuning.json (indented, ending in a newline); the machine block is this process's.</summary>
    public static string Json(TuneBench.Results results)
    {
        var (runs, mem, sql, shared) = (results.Runs, results.MemoryRate, results.SqliteRate, results.Shared);
        return JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
            summary = Summarise(results),
            storage_trials_per_second = new { memory = Math.Round(mem, 1), sqlite = Math.Round(sql, 1), sampler = "random", objective = "sphere:4", trials = 2000 },
            shared_study = new { workers = 2, trials = shared.Trials, distinct_numbers = shared.Distinct, failed = shared.Failed, workers_seen = shared.Workers, worker_errors = shared.WorkerErrors, seconds = Math.Round(shared.Seconds, 2) },
            runs = runs.Select(r => new { sampler = r.Sampler, objective = r.Objective, seed = r.Seed, trials = r.Trials, best = r.Best, hit_at = r.HitAt, seconds = Math.Round(r.Seconds, 3) }),
        }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>The text of tuning.md: the summary table and the storage and shared-study sentences.</summary>
    public static string Markdown(TuneBench.Results results)
    {
        var (mem, sql, shared) = (results.MemoryRate, results.SqliteRate, results.Shared);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Tuning benchmarks (`bench/run-tuning.sh`)").AppendLine();
        sb.AppendLine(string.Create(inv, $"Machine: {Environment.ProcessorCount} cores, shared with other jobs while measured; times are wall-clock and noisy.")).AppendLine();
        sb.AppendLine("| sampler | objective | trials | seeds | median best | worst best | target hits | median hit at | ms / trial |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Summarise(results))
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

    // One row per (sampler, objective, trials) in first-run order; median_hit_at is the upper median of the hits (0 when none).
    internal static List<Dictionary<string, object?>> Summarise(TuneBench.Results results) =>
        [.. results.Runs.GroupBy(r => (r.Sampler, r.Objective, r.Trials)).Select(g =>
        {
            double[] best = [.. g.Select(r => r.Best).Order()];
            double median = Bench.SgemmBench.Median(best);
            return new Dictionary<string, object?>
            {
                ["sampler"] = g.Key.Sampler, ["objective"] = g.Key.Objective, ["trials"] = g.Key.Trials, ["seeds"] = results.Seeds,
                ["median_best"] = median, ["worst_best"] = best[^1], ["hits"] = g.Count(r => r.HitAt is not null),
                ["median_hit_at"] = g.Where(r => r.HitAt is not null).Select(r => (double)r.HitAt!.Value).Order().ElementAtOrDefault(g.Count(r => r.HitAt is not null) / 2),
                ["ms_per_trial"] = Math.Round(1000 * g.Sum(r => r.Seconds) / g.Sum(r => r.Trials), 3),
            };
        })];
}
