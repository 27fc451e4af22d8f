namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl pretrain-data --env FAMILY [--set key=value …] --tasks N --source dpt|ad --seed S --out DIR [--overwrite]</c>:
/// generates a pretraining dataset for the in-context decision model (Arrow IPC files, one row per task, and
/// dataset.json; docs/decision-model.md, "Datasets"). The folder appears whole at the end or not at all; Ctrl-C,
/// SIGTERM and SIGHUP stop it between rows, leaving nothing behind (exit 130, 143 or 129).
/// <c>metarl pretrain-data --check DIR</c> opens a dataset with every check the trainers run and prints its summary;
/// a malformed one is exit 2 with the file and the problem named.
/// </summary>
internal static class PretrainDataCommand
{
    public static Command Create()
    {
        var env = new Option<string>("--env") { Description = "Task family: Bandit-v0, DarkRoom-v0, TabularMDP-v0 or GridNav-v0 (required)." };
        var set = new Option<string[]>("--set")
        {
            Description = "A family setting (arms=5, size=10, goals=train, episodes=40, …) or a dataset option: context (dpt, 100), behaviour (dpt: dirichlet or uniform), "
                + "dirichlet_alpha (1), rollin (dpt: trajectory or uniform_states), goal_queries (dpt, Dark Room: share of rows that open on the goal and ask "
                + "within goal_query_radius (2) moves of it; 0), random_ties (dpt, Dark Room: a random shortest-path label; false), learner (ad: ucb1 or thompson on bandits, q_learning on the grids and MDPs), "
                + "ucb1_c, q_learning_rate, q_gamma, q_epsilon, q_init, rows_per_file (10000). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var tasks = new Option<int?>("--tasks") { Description = "Rows to generate, one task each (at least 1; required)." };
        var source = new Option<string>("--source")
        {
            Description = "dpt: a context from a behaviour policy plus a query state labelled with the oracle's optimal action (Lee et al. 2023); "
                + "ad: a source learner's whole history on each task (Laskin et al. 2022). Required.",
        };
        var seed = new Option<long>("--seed") { Description = "Seed of the tasks and of every row (the same seed writes the same files).", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string>("--out") { Description = "Dataset folder to create (refused when it exists and is not empty, unless --overwrite; required)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the dataset in --out (only a folder holding dataset.json is replaced)." };
        var check = new Option<string>("--check") { Description = "Instead of generating: open the dataset in this folder with every check (schema, offsets, counts, dataset.json) and print its summary." };
        var command = new Command("pretrain-data", "Generate a pretraining dataset for the in-context decision model (DPT or AD) as Arrow IPC files readable by pandas, polars and Hugging Face datasets.")
        {
            env, set, tasks, source, seed, outDir, overwrite, check,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (parse.GetValue(check) is { } existing) { return Check(existing, o); }
            string Required(string? value, string option) => value ?? throw new UserInputException($"{option} is required (or give --check DIR to check a dataset).");
            var request = DecisionDataRequest.Resolve(Required(parse.GetValue(env), "--env"), BaselinesCommand.ParseSettings(parse.GetValue(set)),
                Required(parse.GetValue(source), "--source"), parse.GetValue(tasks) ?? throw new UserInputException("--tasks is required."), parse.GetValue(seed));
            string dir = Required(parse.GetValue(outDir), "--out");
            PretrainData.CheckTarget(dir, parse.GetValue(overwrite));
            o.WriteLine($"Generating {request.Tasks:N0} {DecisionDataRequest.SourceName(request.Source)} rows of {request.Family} into {dir}");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            double shown = 0;
            void Progress(int rows)
            {
                if (clock.Elapsed.TotalSeconds - shown < 2 || rows == request.Tasks) { return; } // a line every 2 s on long runs only
                shown = clock.Elapsed.TotalSeconds;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows:N0} / {request.Tasks:N0} rows ({shown:F0} s)"));
            }
            return CtrlC.Run(token =>
            {
                try
                {
                    var result = PretrainData.Generate(request, dir, parse.GetValue(overwrite), Progress, token);
                    var m = result.Manifest;
                    o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Wrote {m.Tasks:N0} rows, {m.Transitions:N0} transitions in {m.Files.Count} file(s), {result.Bytes / 1e6:F1} MB, in {result.Seconds:F2} s ({m.Tasks / Math.Max(result.Seconds, 1e-9):N0} rows/s): {result.Directory}"));
                    return 0;
                }
                catch (OperationCanceledException)
                {
                    error.WriteLine("Stopped; no dataset was written.");
                    return 1;
                }
            }, error);
        });
        return command;
    }

    private static int Check(string directory, TextWriter o)
    {
        var data = DecisionDataset.Open(directory);
        var m = data.Manifest;
        o.WriteLine($"{directory}: {DecisionDataRequest.SourceName(m.Source)} dataset of {m.Family} ({string.Join(" ", m.Settings.Select(kv => $"{kv.Key}={kv.Value}"))}), seed {m.Seed}");
        o.WriteLine($"  {m.Tasks:N0} rows, {m.Transitions:N0} transitions in {m.Files.Count} file(s); observation size {m.ObservationSize}, {m.Actions} actions; every check passed.");
        return 0;
    }
}
