using System.CommandLine;
using System.Globalization;
using MetaRL.Learning;
using MetaRL.Learning.Meta;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl meta-train [CONFIG] --algo maml|reptile|rl2|es --env FAMILY --seed S --out DIR [--set k=v …] [--resume]</c>:
/// meta-trains into a run directory (config.yaml, metrics.jsonl, checkpoints, summary.json). Settings
/// apply in order: the YAML file, then the options, then each <c>--set</c> (learner keys, run keys, or
/// the family's settings such as <c>arms=5</c>).
/// </summary>
internal static class MetaTrainCommand
{
    public static Command Create()
    {
        var config = new Argument<string?>("config") { Description = "YAML config (flat keys; see samples/configs/meta-*.yaml).", Arity = ArgumentArity.ZeroOrOne };
        var algo = new Option<string?>("--algo") { Description = "maml, reptile, rl2 or es." };
        var env = new Option<string?>("--env") { Description = "Task family (PointNav2D-v0, CartPoleMeta-v0, Bandit-v0, TabularMDP-v0, …)." };
        var seed = new Option<long?>("--seed") { Description = "Run seed." };
        var output = new Option<string>("--out") { Description = "Run directory.", Required = true };
        var set = new Option<string[]>("--set") { Description = "key=value override (repeatable): a learner, run or family key.", AllowMultipleArgumentsPerToken = false };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint; --set then changes its settings (e.g. iterations=3000 to train a finished run on)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the final line." };
        var command = new Command("meta-train", "Meta-train a learner (MAML, Reptile, RL², meta-ES) on a task family into a run directory.")
        {
            config, algo, env, seed, output, set, resume, quiet,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            string dir = parse.GetValue(output)!;
            bool isResume = parse.GetValue(resume);
            var pairs = new List<(string, string)>();
            string existing = Path.Combine(dir, MetaRunFiles.Config);
            if (isResume)
            {
                if (!File.Exists(existing)) { throw new UserInputException($"--resume: {dir} has no {MetaRunFiles.Config} to resume from."); }
                pairs.AddRange(ReadYaml(existing));
            }
            else if (parse.GetValue(config) is { } file)
            {
                if (!File.Exists(file)) { throw new UserInputException($"config file '{file}' does not exist."); }
                pairs.AddRange(ReadYaml(file));
            }
            if (parse.GetValue(algo) is { } a) { pairs.Add(("algo", a)); }
            if (parse.GetValue(env) is { } e) { pairs.Add(("env", e)); }
            if (parse.GetValue(seed) is { } s) { pairs.Add(("seed", s.ToString(CultureInfo.InvariantCulture))); }
            pairs.AddRange(BaselinesCommand.ParseSettings(parse.GetValue(set)).Select(kv => (kv.Key, kv.Value)));
            var setup = Parse(pairs);
            return CtrlC.Run(token =>
            {
                bool q = parse.GetValue(quiet);
                int every = Math.Max(1, setup.Run.Iterations / 25);
                o.WriteLine($"meta-train {setup.Run.Algo} on {setup.Run.Env} (seed {setup.Run.Seed}, {setup.Run.Iterations} iterations) -> {dir}");
                long reached = new MetaTrainer(setup, dir).Run(isResume,
                    p =>
                    {
                        if (q || ((p.Iteration + 1) % every != 0 && p.Iteration + 1 != p.Total)) { return; }
                        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  [{Bar(p.Iteration + 1, p.Total)}] {p.Iteration + 1,5}/{p.Total}  pre {p.Pre,9:F2}  post {p.Post,9:F2}  steps {p.EnvSteps,11}  {p.WallSeconds,7:F1}s"));
                    },
                    msg => o.WriteLine("  " + msg), token);
                o.WriteLine(reached >= setup.Run.Iterations ? $"done: {dir}" : $"stopped at iteration {reached}; checkpoint written (resume with --resume --out {dir})");
                return 0;
            });
        });
        return command;
    }

    private static string Bar(long done, int total)
    {
        int width = 20, filled = total == 0 ? width : (int)(width * done / total);
        return new string('#', filled) + new string('.', width - filled);
    }

    internal static List<(string Key, string Value)> ReadYaml(string path) => YamlConfigReader.Read(File.ReadAllText(path), path);

    internal static MetaSetup Parse(IEnumerable<(string, string)> pairs) => MetaSetup.Parse(pairs);

    internal static MetaRun LoadRun(string dir) => MetaRun.Load(dir);
}
