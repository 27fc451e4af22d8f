namespace MetaRL.Tracking.Reports;

/// <summary>
/// Runs that share a configuration apart from their seed (and output location): the seeds of one
/// experiment. <see cref="Label"/> names the group by algo, env and the config values that set it apart.
/// </summary>
public sealed record RunGroup(string Label, IReadOnlyList<RunDirectory> Runs, IReadOnlyList<KeyValuePair<string, string>> Config)
{
    /// <summary>Config keys that do not define an experiment: they differ between seeds of the same one.</summary>
    public static readonly IReadOnlySet<string> IgnoredKeys = new HashSet<string>(StringComparer.Ordinal) { "seed", "out", "out_dir", "output", "run_dir" };

    public string? Algo => Runs[0].Algo;

    public string? Env => Runs[0].Env;

    /// <summary>The seeds of the runs, in run order ("?" where unknown).</summary>
    public IReadOnlyList<string> Seeds => Runs.Select(r => r.Seed ?? "?").ToList();

    /// <summary>Groups runs by config ignoring <see cref="IgnoredKeys"/>; groups and runs keep their first-seen order.</summary>
    public static IReadOnlyList<RunGroup> Group(IReadOnlyList<RunDirectory> runs)
    {
        var keyed = new List<(string Key, List<RunDirectory> Runs, List<KeyValuePair<string, string>> Config)>();
        foreach (var run in runs)
        {
            var config = run.Config.Where(kv => !IgnoredKeys.Contains(kv.Key)).ToList();
            // Without a config file, algo and env from the summary are all that identify the experiment.
            if (config.Count == 0) { config = [new("algo", run.Algo ?? "?"), new("env", run.Env ?? "?")]; }
            string key = string.Join("\n", config.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
            int at = keyed.FindIndex(g => g.Key == key);
            if (at < 0) { keyed.Add((key, [run], config)); }
            else { keyed[at].Runs.Add(run); }
        }
        var differing = DifferingKeys(keyed.Select(g => (IReadOnlyList<KeyValuePair<string, string>>)g.Config).ToList());
        var labels = new List<string>();
        foreach (var g in keyed)
        {
            var parts = new List<string> { g.Runs[0].Algo ?? "?", g.Runs[0].Env ?? "?" };
            var cfg = g.Config.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            foreach (var k in differing.Where(k => k is not "algo" and not "env"))
            {
                parts.Add($"{k}={cfg.GetValueOrDefault(k, "–")}");
            }
            string label = string.Join(" · ", parts);
            int same = labels.Count(l => l == label || l.StartsWith(label + " #", StringComparison.Ordinal));
            labels.Add(same == 0 ? label : $"{label} #{same + 1}");
        }
        return keyed.Select((g, i) => new RunGroup(labels[i], g.Runs, g.Config)).ToList();
    }

    /// <summary>The keys whose value is not the same in every config (missing counts as different), in first-seen order.</summary>
    public static IReadOnlyList<string> DifferingKeys(IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> configs)
    {
        var keys = configs.SelectMany(c => c.Select(kv => kv.Key)).Distinct().ToList();
        var maps = configs.Select(c => c.GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal)).ToList();
        return keys.Where(k => maps.Select(m => m.GetValueOrDefault(k)).Distinct().Count() > 1).ToList();
    }
}
