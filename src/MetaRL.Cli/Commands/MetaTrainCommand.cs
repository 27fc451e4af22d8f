namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl meta-train [CONFIG] --algo maml|reptile|rl2|es --env FAMILY --seed S --out DIR [--set k=v …] [--resume | --overwrite]</c>:
/// meta-trains into a run directory (config.yaml, metrics.jsonl, checkpoints, summary.json), holding the run's lock;
/// Ctrl-C, SIGTERM and SIGHUP stop it with a checkpoint and exit code 130, 143 or 129 (<see cref="CtrlC"/>). Settings
/// apply in the order of <see cref="ConfigLayers"/>: the YAML file, then each <c>--set</c> (learner keys, run keys,
/// or the family's settings such as <c>arms=5</c>), then the options. With <c>--cluster localhost|postgres:CONN</c> the
/// tasks of each meta-batch run on the silos of an Orleans cluster (<c>metarl cluster silo</c>, docs/distributed.md)
/// with the same numbers; a run whose silos are all gone stops with exit code 1 and its last checkpoint kept.
/// </summary>
internal static class MetaTrainCommand
{
    public static Command Create()
    {
        var config = new Argument<string?>("config") { Description = "YAML config (flat keys; see samples/configs/meta-*.yaml).", Arity = ArgumentArity.ZeroOrOne };
        var defaults = new MetaTrainOptions(); // the help states the defaults the config layer applies
        var algo = new Option<string?>("--algo") { Description = $"maml, reptile, rl2 or es (default {defaults.Algo})." };
        var env = new Option<string?>("--env") { Description = $"Task family (PointNav2D-v0, CartPoleMeta-v0, Bandit-v0, TabularMDP-v0, …; default {defaults.Env})." };
        var seed = new Option<long?>("--seed") { Description = $"Run seed (default {defaults.Seed.ToString(CultureInfo.InvariantCulture)})." };
        var cluster = new Option<string?>("--cluster") { Description = "Run the meta-batch tasks on an Orleans cluster: localhost (the silo gateway at port 30000; localhost:30000,30001 names gateways) or postgres:CONNECTION_STRING (maml with outer: adam, reptile). Same numbers as without it." };
        var clusterId = new Option<string>("--cluster-id") { Description = $"The cluster id the silos were started with (default {MetaRL.Distributed.SiloHostOptions.DefaultClusterId}).", DefaultValueFactory = _ => MetaRL.Distributed.SiloHostOptions.DefaultClusterId };
        var runOptions = new RunOptions(
            outHelp: "Run directory; one that already holds a run is refused unless --resume or --overwrite is given, and one that another process is writing is refused (exit 2).",
            setHelp: $"key=value override (repeatable): a learner, run or family key. Sizes are checked against a memory estimate ({MemoryLimit.Variable} sets the limit).",
            resumeHelp: "Continue the run in --out from its last checkpoint (without any checkpoint it starts over, and says so); --set then changes its settings (e.g. iterations=3000 to train a finished run on).",
            overwriteHelp: "Replace the run in --out: its config, metrics, event files, checkpoints, baseline, evaluation and summary are deleted first.",
            quietHelp: "Print only the final line (no header, progress or phase lines; notices such as a skipped checkpoint go to stderr).");
        var command = new Command("meta-train", "Meta-train a learner (MAML, Reptile, RL², meta-ES) on a task family into a run directory.")
        {
            config, algo, env, seed, cluster, clusterId, runOptions.Out, runOptions.Set, runOptions.Resume, runOptions.Overwrite, runOptions.Quiet,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var request = runOptions.Read(parse);
            string dir = request.Dir!;
            bool isResume = request.Resume, isOverwrite = request.Overwrite;
            var run = new RunDirectory(dir);
            var layers = isResume ? RunOptions.ResumedLayers(dir) : new ConfigLayers();
            if (!isResume && parse.GetValue(config) is { } file) { layers.File(file); }
            layers.Set(request.Sets)
                .Option("algo", parse.GetValue(algo))
                .Option("env", parse.GetValue(env))
                .Option("seed", parse.GetValue(seed)?.ToString(CultureInfo.InvariantCulture));
            var setup = MetaSetup.Parse(layers.Pairs);
            var membership = parse.GetValue(cluster) is { } spec ? ClusterCommand.Membership(spec) : null;
            return CtrlC.Run(token =>
            {
                bool q = request.Quiet;
                long every = Math.Max(1, setup.Budget.Amount / 25);
                if (!q) { o.WriteLine($"meta-train {setup.Run.Algo} on {setup.Run.Env} (seed {setup.Run.Seed}, {setup.Budget}) -> {dir}"); }
                var notices = q ? parse.InvocationConfiguration.Error : o;
                using var connection = membership is null ? null : MetaRL.Distributed.ClusterClientHost.Connect(membership, parse.GetValue(clusterId)!);
                var executor = connection is null ? null : new MetaRL.Distributed.ClusterMetaBatch(connection.Client, setup, log: msg => notices.WriteLine("  " + msg));
                if (connection is not null && !q) { o.WriteLine($"  tasks run on the cluster: {membership}"); }
                var result = new MetaTrainer(setup, dir, executor).Run(isResume,
                    p =>
                    {
                        if (q || ((p.Iteration + 1) % every != 0 && p.Iteration + 1 != p.Total)) { return; }
                        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  [{Bar(p.Iteration + 1, p.Total)}] {p.Iteration + 1,5}/{p.Total}  pre {p.Pre,9:F2}  post {p.Post,9:F2}  steps {p.EnvSteps,11}  {p.WallSeconds,7:F1}s"));
                    },
                    msg => notices.WriteLine("  " + msg), token, isOverwrite);
                if (result.Summary.Status == RunSummary.Diverged)
                {
                    o.WriteLine($"Stopped: {result.Summary.Error}. " + (MetaCheckpoint.Newest(run) is { } kept
                        ? $"The last good checkpoint is kept in {kept}." : "No checkpoint was written before it."));
                    return 1; // as train
                }
                if (result.Summary.Status == RunSummary.Interrupted && result.Summary.Error is { } lost)
                {
                    o.WriteLine($"Stopped at iteration {result.Iterations}: {lost}. " + (MetaCheckpoint.Newest(run) is { } kept
                        ? $"The last checkpoint is kept in {kept}." : "No checkpoint was written before it."));
                    return 1;
                }
                o.WriteLine(result.Iterations >= setup.Budget.Amount ? $"done: {dir}" : $"stopped at iteration {result.Iterations}; checkpoint written (resume with --resume --out {dir})");
                return 0;
            }, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static string Bar(long done, long total)
    {
        int width = 20, filled = total == 0 ? width : (int)(width * done / total);
        return new string('#', filled) + new string('.', width - filled);
    }
}
