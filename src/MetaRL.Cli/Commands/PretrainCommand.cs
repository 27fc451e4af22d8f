namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl pretrain [CONFIG] --algo dpt [--env FAMILY] [--seed S] [--data DIR] --out RUN [--set k=v …] [--resume | --overwrite] [--quiet]</c>:
/// pretrains an in-context decision model into a run directory (config.yaml, metrics.jsonl and TensorBoard events,
/// checkpoints, summary.json), holding the run's lock. Without <c>--data</c> (and no <c>data</c> key) the rows are
/// generated from the config's family into the run. Progress shows the losses, tokens/s and the ETA; Ctrl-C, SIGTERM and
/// SIGHUP stop it with a checkpoint and exit code 130, 143 or 129 (<see cref="CtrlC"/>); a diverged run exits 1 with the
/// iteration and tensor named. <c>metarl meta-eval --run RUN</c> then evaluates it.
/// </summary>
internal static class PretrainCommand
{
    /// <summary>The decision model pretrained when neither the config nor <c>--algo</c> names one.</summary>
    internal const string DefaultAlgo = "dpt";

    public static Command Create()
    {
        var config = new Argument<string?>("config") { Description = "YAML config with the data, model and training keys (see samples/configs/dpt-bandit.yaml).", Arity = ArgumentArity.ZeroOrOne };
        var algo = new Option<string?>("--algo") { Description = $"The decision model: dpt or ad (default {DefaultAlgo})." };
        var env = new Option<string?>("--env") { Description = "Task family (e.g. Bandit-v0)." };
        var seed = new Option<long?>("--seed") { Description = $"Run seed: data generation, initialisation, minibatches (default {new MetaTrainOptions().Seed.ToString(CultureInfo.InvariantCulture)})." };
        var data = new Option<string?>("--data") { Description = "A pretraining dataset folder; without it the rows are generated from the family into the run." };
        var runOptions = new RunOptions(
            outHelp: "Run directory; one that already holds a run is refused unless --resume or --overwrite is given, and one that another process is writing is refused (exit 2).",
            setHelp: "key=value override (repeatable): a model, training, run or family key.",
            resumeHelp: "Continue the run in --out from its newest checkpoint, exactly as if never stopped (--set may change its settings, e.g. iterations=).",
            overwriteHelp: "Replace the run in --out: its files are deleted first.",
            quietHelp: "Print only the final line (notices go to stderr).");
        var command = new Command("pretrain", "Pretrain an in-context decision model (DPT) on a dataset of tasks into a run directory; evaluate it with meta-eval.")
        {
            config, algo, env, seed, data, runOptions.Out, runOptions.Set, runOptions.Resume, runOptions.Overwrite, runOptions.Quiet,
        };
        command.SetAction(parse =>
        {
            var request = runOptions.Read(parse);
            string dir = request.Dir!;
            bool isResume = request.Resume;
            var layers = isResume ? RunOptions.ResumedLayers(dir) : new ConfigLayers();
            if (parse.GetValue(config) is { } file)
            {
                if (isResume) { throw new UserInputException("--resume continues with the run's own config.yaml; drop the config file (--set may still change a key)"); }
                layers.File(file);
            }
            layers.Set(request.Sets)
                .Option("algo", parse.GetValue(algo) ?? (layers.Pairs.Any(p => p.Key == "algo") ? null : DefaultAlgo))
                .Option("env", parse.GetValue(env))
                .Option("seed", parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture))
                .Option("data", parse.GetValue(data) is { } d ? Path.GetFullPath(d) : null);
            if (!isResume && parse.GetValue(data) is { } folder) { DatasetFamily(layers, folder); }
            return Run(parse, layers, dir, isResume, request.Overwrite, request.Quiet);
        });
        return command;
    }

    /// <summary>Without a family in the config, a <c>--data</c> folder's family and settings become the run's (all but
    /// <c>episodes</c>: an ad dataset's history length is not the evaluation trial's).</summary>
    private static void DatasetFamily(ConfigLayers layers, string folder)
    {
        if (layers.Pairs.Any(p => p.Key == "env")) { return; }
        string path = Path.Combine(folder, DecisionManifest.FileName);
        if (!File.Exists(path)) { return; } // the data loader names what is missing
        var manifest = DecisionManifest.Read(path);
        layers.Option("env", manifest.Family);
        foreach (var (key, value) in manifest.Settings.Where(kv => kv.Key != "episodes" && !layers.Pairs.Any(p => p.Key == kv.Key)))
        {
            layers.Option(key, value);
        }
    }

    /// <summary>Pretrains (or fine-tunes) the run that <paramref name="layers"/> describe into <paramref name="dir"/>:
    /// the algorithm must be pretrainable; progress, notices and the final line as <c>pretrain</c> prints them.</summary>
    internal static int Run(ParseResult parse, ConfigLayers layers, string dir, bool isResume, bool isOverwrite, bool q)
    {
        var run = new RunDirectory(dir);
        string name = layers.Pairs.Last(p => p.Key == "algo").Value;
        if (MetaAlgorithms.Describe(name) is not IPretrainable pretrainable)
        {
            throw new UserInputException($"{name} is meta-trained, not pretrained: use 'metarl meta-train --algo {name}'; pretrain takes "
                + string.Join(", ", MetaAlgorithms.All.Where(a => a is IPretrainable).Select(a => a.Name)));
        }
        var setup = MetaSetup.Parse(layers.Pairs);
        var o = parse.InvocationConfiguration.Output;
        var notices = q ? parse.InvocationConfiguration.Error : o;
        return CtrlC.Run(token =>
        {
            if (!q) { o.WriteLine($"{parse.CommandResult.Command.Name} {setup.Run.Algo} on {setup.EnvName} (seed {setup.Run.Seed}, {setup.Budget}) -> {dir}"); }
            var lines = new ProgressLines(q ? TextWriter.Null : o);
            var result = pretrainable.Pretrain(setup, run, new PretrainSession(isResume, isOverwrite, lines.Report, msg => notices.WriteLine("  " + msg), token));
            return Report(o, run, result, setup.Budget.Amount);
        }, parse.InvocationConfiguration.Error);
    }

    private static int Report(TextWriter o, RunDirectory run, PretrainResult result, long total)
    {
        var s = result.Summary;
        switch (s.Status)
        {
            case RunSummary.Diverged:
                o.WriteLine($"Stopped: {s.Error}. " + (run.Checkpoints.Newest() is { } kept ? $"The last good checkpoint is kept in {kept}." : "No checkpoint was written before it."));
                return 1;
            case RunSummary.Interrupted:
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Interrupted at iteration {result.Steps:N0}/{total:N0}; checkpoint written. Continue with: metarl pretrain --out {run.Root} --resume"));
                return 0;
            default:
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Done: {result.Steps:N0} iterations in {s.WallSeconds:F1} s, validation loss {result.ValLoss:F4}. Evaluate with: metarl meta-eval --run {run.Root} --tasks 200"));
                return 0;
        }
    }

    /// <summary>A progress line (iteration, losses, tokens/s, ETA) at most every 2 s on a terminal, every 30 s into a
    /// file or pipe, and at the end.</summary>
    private sealed class ProgressLines(TextWriter output)
    {
        private readonly double _interval = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? 2 : 30;
        private double _lastWall = double.NegativeInfinity;

        public void Report(PretrainProgress p)
        {
            if (p.Step < p.Total && p.WallSeconds - _lastWall < _interval) { return; }
            _lastWall = p.WallSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  iter {p.Step,7:N0}/{p.Total:N0}  loss {p.TrainLoss,7:F4}  val {(double.IsNaN(p.ValLoss) ? "      -" : p.ValLoss.ToString("F4", CultureInfo.InvariantCulture)),7}  {p.TokensPerSecond,9:N0} tok/s  ETA {Eta(p.EtaSeconds)}"));
        }

        private static string Eta(double seconds) => !double.IsFinite(seconds) ? "-"
            : seconds >= 3600 ? $"{(int)(seconds / 3600)}h{(int)(seconds % 3600 / 60):D2}m"
            : seconds >= 60 ? $"{(int)(seconds / 60)}m{(int)(seconds % 60):D2}s" : $"{seconds:F0}s";
    }
}
