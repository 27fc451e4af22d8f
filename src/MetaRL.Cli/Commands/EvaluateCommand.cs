namespace MetaRL.Cli.Commands;

/// <summary><c>metarl evaluate --run DIR --episodes N [--seed S] [--json]</c>: evaluates a run's newest checkpoint as its algorithm does
/// (<see cref="AlgorithmSpec.Evaluate"/>; greedy/deterministic episodes unless the algorithm says otherwise) and prints the result.</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var runDir = new Option<string>("--run") { Description = "Run directory written by metarl train.", Required = true };
        var episodes = new Option<int>("--episodes") { Description = "Evaluation episodes.", DefaultValueFactory = _ => CheckpointEvaluation.DefaultEpisodes };
        var seed = new Option<long>("--seed") { Description = "Seed of the evaluation environment.", DefaultValueFactory = _ => CheckpointEvaluation.DefaultSeed };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command("evaluate", "Evaluate a trained run's greedy/deterministic policy: mean return and 95% confidence interval.")
        {
            runDir, episodes, seed, json,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(episodes), parse.GetValue(seed), parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string runDir, int episodes, long seed, bool json, TextWriter output)
    {
        if (episodes <= 0) { throw new UserInputException("--episodes must be positive"); }
        var run = new RunDirectory(runDir);
        var (cfg, step, result) = CheckpointEvaluation.Run(run, episodes, seed);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["run"] = run.Root, ["algo"] = cfg.Algorithm.Name, ["env"] = cfg.Run.Env, ["checkpoint_step"] = long.Parse(step, CultureInfo.InvariantCulture),
                ["episodes"] = result.Episodes, ["mean_return"] = result.Mean, ["std_return"] = result.Std,
                ["ci95_low"] = result.Ci95Low, ["ci95_high"] = result.Ci95High, ["returns"] = result.Returns,
            }));
            return 0;
        }
        WriteTable(output, cfg.Algorithm.Name, cfg.Run.Env, step, result);
        return 0;
    }

    internal static void WriteTable(TextWriter output, string algo, string env, string step, EvaluationResult r)
    {
        var f = CultureInfo.InvariantCulture;
        TextTable.Write(output,
            ["algo", "env", "checkpoint", "episodes", "mean return", "95% CI", "min", "max"],
            [[algo, env, step, r.Episodes.ToString(f), r.Mean.ToString("F2", f), $"[{r.Ci95Low.ToString("F2", f)}, {r.Ci95High.ToString("F2", f)}]", r.Returns.Min().ToString("F1", f), r.Returns.Max().ToString("F1", f)]],
            new HashSet<int> { 3, 4, 6, 7 });
    }
}
