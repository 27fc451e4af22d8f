using MetaRL.Learning.Applications;
using MetaRL.Serialization;

namespace MetaRL.Cli.Commands.Apps;

/// <summary><c>metarl app navigation</c>: RL² meta-trained across the training maps of Nav2DObstacles-v0 against a
/// non-adaptive PPO policy, the oracle follower, greedy and random on held-out maps, with its report.</summary>
internal static class NavigationApp
{
    public static Command Create()
    {
        var quick = AppCommand.QuickOption();
        var out_ = AppCommand.OutOption("navigation");
        NavigationJourneyOptions full = new(), small = NavigationJourneyOptions.Quick();
        var seed = new Option<int>("--seed") { Description = "Seed of training and of the evaluation episodes.", DefaultValueFactory = _ => (int)full.Seed };
        var set = BaselinesCommand.SetOption();
        var maps = new Option<int?>("--maps") { Description = I($"Held-out maps every method is scored on (default {full.HeldOutMaps}; {small.HeldOutMaps} with --quick).") };
        var trainMaps = new Option<int?>("--train-maps") { Description = I($"Training maps (default {full.TrainMaps}).") };
        var episodes = new Option<int?>("--episodes") { Description = I($"Episodes per trial on one map: RL² adapts across them (default {full.Episodes}).") };
        var iterations = new Option<int?>("--rl2-iterations") { Description = I($"RL² meta-training iterations (default {full.Rl2Iterations}; {small.Rl2Iterations} with --quick).") };
        var ppoSteps = new Option<long?>("--ppo-steps") { Description = I($"Steps of the non-adaptive PPO policy (default {full.PpoSteps}; {small.PpoSteps} with --quick).") };
        var command = new Command("navigation", "Robot navigation among obstacles (Nav2DObstacles-v0): RL² meta-trained across training maps vs a non-adaptive PPO policy, the oracle follower, greedy and random on held-out maps; writes report.html, report.md, results.json and config.json.")
        {
            quick, out_, seed, set, maps, trainMaps, episodes, iterations, ppoSteps,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            bool isQuick = parse.GetValue(quick);
            string dir = parse.GetValue(out_) ?? Path.Combine("runs", isQuick ? "app-navigation-quick" : "app-navigation");
            var options = isQuick ? NavigationJourneyOptions.Quick() : new NavigationJourneyOptions();
            options.Seed = parse.GetValue(seed);
            options.HeldOutMaps = parse.GetValue(maps) ?? options.HeldOutMaps;
            options.TrainMaps = parse.GetValue(trainMaps) ?? options.TrainMaps;
            options.Episodes = parse.GetValue(episodes) ?? options.Episodes;
            options.Rl2Iterations = parse.GetValue(iterations) ?? options.Rl2Iterations;
            options.PpoSteps = parse.GetValue(ppoSteps) ?? options.PpoSteps;
            options.EnvSettings = BaselinesCommand.ParseSettings(parse.GetValue(set));
            try { options.Validate(); }
            catch (ArgumentException e) { throw new UserInputException(e.Message); }
            // Bad settings and unsolvable map settings fail here, before any training.
            var config = Nav2DSettings.Read(EnvRegistry.Settings("Nav2DObstacles-v0", options.TrainSettings()));
            _ = NavMaps.Generate(config, "test", 0);
            return CtrlC.Run(cancel =>
            {
                NavigationJourneyResult result;
                try { result = NavigationJourney.Run(options, dir, line => o.WriteLine("  " + line), cancel); }
                catch (OperationCanceledException)
                {
                    o.WriteLine("stopped before the end: no report written.");
                    return 1;
                }
                NavigationReport.Build(result, isQuick).Write(dir);
                AtomicFile.WriteText(Path.Combine(dir, "results.json"), NavigationReport.Json(result));
                AtomicFile.WriteText(Path.Combine(dir, "config.json"), JsonSerializer.Serialize(new
                {
                    command = "metarl app navigation" + (isQuick ? " --quick" : ""),
                    env = "Nav2DObstacles-v0",
                    settings = EnvRegistry.Settings("Nav2DObstacles-v0", options.TrainSettings()).Values,
                    options.Seed, options.Episodes, options.TrainMaps, options.HeldOutMaps, options.Rl2Iterations, options.TrialsPerIteration, options.HiddenSize, options.PpoSteps,
                }, new JsonSerializerOptions { WriteIndented = true }));
                o.WriteLine();
                o.WriteLine(I($"Held-out maps (n = {options.HeldOutMaps}), per episode of the trial:"));
                NavigationReport.WriteTable(o, result);
                o.WriteLine(NavigationReport.Verdict(result));
                o.WriteLine(I($"Report: {Path.Combine(dir, "report.html")} and report.md ({result.Seconds:F0} s)"));
                return 0;
            }, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
