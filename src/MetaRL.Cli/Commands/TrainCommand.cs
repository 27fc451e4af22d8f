namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl train [CONFIG.yaml] --algo ppo --env CartPole-v1 --seed 1 --out DIR [--set key=value …] [--resume | --overwrite]</c>:
/// trains one algorithm on one environment into a run directory (config.yaml, metrics.jsonl, checkpoints/, summary.json),
/// holding the run's lock (the run layer refuses a second writer and an existing run). Ctrl-C, SIGTERM and SIGHUP stop
/// it with a checkpoint and exit code 130, 143 or 129 (<see cref="CtrlC"/>).
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        // A string, not a FileInfo: the config layer names an empty, missing or malformed path itself (exit 2).
        var config = new Argument<string?>("config") { Description = "YAML config (flat keys: algo, env, seed, total_steps, algorithm options, environment settings).", Arity = ArgumentArity.ZeroOrOne };
        var defaults = new TrainOptions(); // the help states the defaults the config layer applies
        var algo = new Option<string?>("--algo") { Description = "Algorithm: " + string.Join(", ", AlgorithmRegistry.All.Select(a => a.Name)) + $" (default {defaults.Algo})." };
        var env = new Option<string?>("--env") { Description = $"Environment id (default {defaults.Env})." };
        var seed = new Option<long?>("--seed") { Description = $"Run seed (default {defaults.Seed.ToString(CultureInfo.InvariantCulture)})." };
        var run = new RunOptions(
            outHelp: "Run directory (default runs/<algo>-<env>-s<seed>); one that already holds a run is refused unless --resume or --overwrite is given, and one that another process is writing is refused (exit 2).",
            setHelp: $"Override a config key: --set learning_rate=1e-3 (repeatable). Sizes are checked against a memory estimate ({MemoryLimit.Variable} sets the limit).",
            resumeHelp: "Continue the run in --out from its newest checkpoint (without any checkpoint it starts over, and says so).",
            overwriteHelp: "Replace the run in --out: its config, metrics, event files, checkpoints and summary are deleted first.",
            quietHelp: "Print only the final line (no header or progress; notices such as a skipped checkpoint go to stderr).",
            outRequired: false);
        var stopAt = new Option<long?>("--stop-at") { Description = "Stop (resumably, with a checkpoint) at the first update at or after this step." };
        var command = new Command("train", "Train an RL algorithm on an environment, with progress, checkpoints, Ctrl-C (or SIGTERM) to stop with a checkpoint and --resume to continue.")
        {
            config, algo, env, seed, run.Out, run.Set, run.Resume, run.Overwrite, stopAt, run.Quiet,
        };
        command.SetAction(parse =>
        {
            var request = run.Read(parse);
            var layers = new ConfigLayers();
            if (parse.GetValue(config) is { } file) { layers.File(file); }
            layers.Set(request.Sets)
                .Option("algo", parse.GetValue(algo))
                .Option("env", parse.GetValue(env))
                .Option("seed", parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture));
            return Run(layers, request.Dir, request.Resume, request.Overwrite, parse.GetValue(stopAt),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, request.Quiet);
        });
        return command;
    }

    internal static int Run(ConfigLayers layers, string? outDir, bool resume, bool overwrite, long? stopAt, TextWriter output, TextWriter error, bool quiet = false)
    {
        if (resume && overwrite) { throw new UserInputException("--resume continues the run in --out and --overwrite replaces it: give one of them"); }
        TrainConfig cfg;
        RunDirectory run;
        if (resume)
        {
            if (outDir is null) { throw new UserInputException("--resume needs --out DIR naming the run to continue"); }
            if (!layers.IsEmpty) { throw new UserInputException("--resume continues with the run's own config.yaml; drop the config file, --set, --algo, --env and --seed"); }
            run = new RunDirectory(outDir);
            cfg = TrainingRun.LoadConfig(run);
        }
        else
        {
            cfg = TrainConfig.Resolve(layers.Pairs);
            run = new RunDirectory(outDir ?? Path.Combine("runs", $"{cfg.Algorithm.Name}-{cfg.Run.Env}-s{cfg.Run.Seed}"));
        }
        var budget = cfg.Options.Budget;
        var notices = quiet ? error : output;
        if (!quiet) { output.WriteLine($"Training {cfg.Algorithm.Name} on {cfg.Run.Env} (seed {cfg.Run.Seed}, {budget}) into {run.Root}"); }
        return CtrlC.Run(token => Report(run, TrainProgress.Run(quiet ? TextWriter.Null : output, budget.Amount,
            p => TrainingRun.Execute(cfg, run, resume, p, token, stopAt, overwrite: overwrite, log: notices.WriteLine)), output), error);
    }

    private static int Report(RunDirectory run, TrainingResult result, TextWriter output)
    {
        var s = result.Summary;
        string ret = s.FinalReturnMean is { } m ? m.ToString("F2", CultureInfo.InvariantCulture) : "-";
        switch (s.Status)
        {
            case RunSummary.Diverged:
                output.WriteLine($"Stopped: {s.Error}. The last good checkpoint is kept in {run.CheckpointsPath}.");
                return 1;
            case RunSummary.Interrupted:
                output.WriteLine($"Interrupted at step {s.TotalSteps:N0}; checkpoint written to {result.Checkpoint}. Continue with: metarl train --out {run.Root} --resume");
                return 0;
            default:
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Done: {s.TotalSteps:N0} steps in {s.WallSeconds:F1} s ({s.StepsPerSecond:N0} steps/s), {s.Episodes:N0} episodes, final_return_mean {ret} (last 20 episodes)."));
                return 0;
        }
    }
}
