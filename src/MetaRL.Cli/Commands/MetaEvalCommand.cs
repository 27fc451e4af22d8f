namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl meta-eval --run DIR --tasks N [--steps 0,1,2,3] [--episodes K] [--seed S] [--greedy] [--json]</c>: the
/// before/after-adaptation table of the run's learner beside its baselines on N held-out tasks; also
/// written to DIR/meta_eval.json as <c>{"rows":[{"method","steps","mean","ci95","n"}]}</c>. The run's lock is held while
/// it evaluates, so a run that another process is training is refused (exit 2); a run folder or meta_eval.json that
/// cannot be written is refused before the evaluation, and the table is printed before the file is written, so a write
/// that fails even so (exit 2, naming the file) loses nothing shown.
/// </summary>
internal static class MetaEvalCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A meta-training or pretraining run directory.", Required = true };
        var defaults = MetaEvalSettings.Default;
        var tasks = new Option<int>("--tasks") { Description = "Held-out tasks.", DefaultValueFactory = _ => defaults.Tasks };
        var steps = new Option<string>("--steps") { Description = "Adaptation steps to report, e.g. 0,1,2,3 (gradient-based learners).", DefaultValueFactory = _ => string.Join(',', defaults.Steps) };
        var episodes = new Option<int>("--episodes") { Description = "Trajectories per adaptation step; 0: the learner's own setting (episodes_per_task).", DefaultValueFactory = _ => defaults.EpisodesPerStep };
        var seed = new Option<long>("--seed") { Description = "Evaluation seed (fixes the held-out tasks).", DefaultValueFactory = _ => defaults.Seed };
        var json = new Option<bool>("--json") { Description = "Print the rows as JSON instead of a table." };
        var greedy = new Option<bool>("--greedy") { Description = "RL² runs: take the most probable action instead of sampling (rl2 and random-init rows)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print the table only, without progress lines." };
        var set = new Option<string[]>("--set") { Description = "key=value (repeatable): evaluate on a changed task family, family keys only (e.g. mean_high=0.5); the run's meta_eval.json is then left as it was.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("meta-eval", "Evaluate a meta-trained run on held-out tasks: mean return (95% CI) after 0…K adaptation steps (or per trial for RL²) beside pretrained, random-init, oracle and classical baselines.")
        {
            run, tasks, steps, episodes, seed, json, greedy, quiet, set,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            int n = parse.GetValue(tasks);
            if (n < 1) { throw new UserInputException("--tasks must be at least 1."); }
            if (parse.GetValue(episodes) < 0) { throw new UserInputException("--episodes must be at least 0."); }
            var stepList = ParseSteps(parse.GetValue(steps)!);
            string dir = parse.GetValue(run)!;
            var family = parse.GetValue(set) ?? [];
            var loaded = MetaRun.Load(dir, family);
            using var writing = loaded.Run.Lock(parse.InvocationConfiguration.Error.WriteLine); // meta_eval.json joins the run: no trainer may be writing it
            PathGuard.WritableFile(loaded.Run.MetaEvalPath, "the evaluation file"); // before the evaluation, which can take minutes
            bool asJson = parse.GetValue(json);
            var rows = MetaEvaluator.Evaluate(loaded, new MetaEvalSettings(n, stepList, parse.GetValue(episodes), parse.GetValue(seed), Greedy: parse.GetValue(greedy)),
                asJson || parse.GetValue(quiet) ? null : msg => o.WriteLine("  " + msg));
            // The results are shown before they are saved: a write that fails after all (a full disk) loses no work.
            if (asJson) { o.WriteLine(MetaEvalRow.ToJson(rows)); }
            else { WriteTable(o, loaded, rows); }
            if (family.Length > 0) { parse.InvocationConfiguration.Error.WriteLine($"evaluated on a changed family ({string.Join(", ", family)}): {loaded.Run.MetaEvalPath} left as it was"); }
            else { loaded.Run.WriteMetaEval(rows); }
            return 0;
        });
        return command;
    }

    internal static int[] ParseSteps(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var result = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i]) || result[i] < 0 || result[i] > 100)
            {
                throw new UserInputException($"--steps takes a list of step counts in [0, 100] like 0,1,2,3; got '{text}'.");
            }
        }
        if (result.Length == 0) { throw new UserInputException("--steps needs at least one step count."); }
        return [.. result.Distinct().Order()];
    }

    internal static void WriteTable(TextWriter o, MetaRun run, IReadOnlyList<MetaEvalRow> rows)
    {
        if (run.Setup.IsMixture)
        {
            // A generalist: one table per family, as a specialist run of that family prints it.
            for (int i = 0; i < run.Setup.Families.Count; i++)
            {
                var family = run.ForFamily(i);
                if (i > 0) { o.WriteLine(); }
                WriteTable(o, family, [.. rows.Where(r => r.Family == family.Setup.Run.Env)]);
            }
            return;
        }
        bool trials = !run.Setup.Algorithm.AdaptsByGradient;
        // The table is the paper's (totals per trial, or returns after k steps); curves (per-episode returns, per-step
        // regret) are for reports and --json, except the regret at the last step, which gets a line of its own.
        var regret = rows.Where(r => r.Kind == MetaEvalRow.RegretStep).GroupBy(r => r.Method).Select(g => g.MaxBy(r => r.Steps)!).ToList();
        rows = [.. rows.Where(r => r.IsTableRow)];
        var stepCols = rows.Select(r => r.Steps).Distinct().Order().ToArray();
        if (trials && stepCols.Length > 6) { stepCols = [.. stepCols.Where((s, i) => i % (stepCols.Length / 5) == 0 || s == stepCols[^1]).Distinct()]; }
        o.WriteLine(trials
            ? $"{run.Setup.Run.Env}: total reward per trial over the first k episodes (mean ± 95% CI, n = {rows[0].N} held-out tasks)"
            : $"{run.Setup.Run.Env}: mean return after k adaptation steps (mean ± 95% CI, n = {rows[0].N} held-out tasks)");
        var header = new List<string> { "method" };
        header.AddRange(stepCols.Select(s => (trials ? "k=" : "steps=") + s.ToString(CultureInfo.InvariantCulture)));
        var table = new List<string[]>();
        foreach (var method in rows.Select(r => r.Method).Distinct())
        {
            var cells = new List<string> { method };
            foreach (int s in stepCols)
            {
                var r = rows.FirstOrDefault(x => x.Method == method && x.Steps == s);
                cells.Add(r is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{r.Mean:F2} ± {r.Ci95:F2}"));
            }
            table.Add([.. cells]);
        }
        TextTable.Write(o, header, table, new HashSet<int>(Enumerable.Range(1, stepCols.Length)));
        FamilyMetricsTable.Write(o, [.. rows.Where(r => r.Metrics is not null).Select(r =>
            (r.Method, (IReadOnlyDictionary<string, (double, double)>)r.Metrics!.ToDictionary(kv => kv.Key, kv => (kv.Value.Mean, kv.Value.Ci95))))]);
        if (regret.Count > 0)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cumulative regret after {regret[0].Steps} steps (sum of best mean − chosen arm's mean; curve per step in {MetaEvalRow.FileName}):"));
            o.WriteLine("  " + string.Join("  ", regret.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Method} {r.Mean:F2} ± {r.Ci95:F2}"))));
        }
    }
}
