using MetaRL.Learning.SelfPlay;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl selfplay --game connect4 [--set key=value …] --out RUN [--resume | --overwrite]</c>: the AlphaZero loop
/// (<see cref="AlphaZero"/>) into a run directory: <c>config.yaml</c> (every setting), <c>metrics.jsonl</c> (per iteration),
/// <c>checkpoints/ITERATION/</c> (the trained network, the best network, the optimiser and the counters) under the run's lock.</summary>
internal static class SelfPlayCommand
{
    /// <summary>The best network's file in a self-play checkpoint.</summary>
    public const string BestFile = "best.safetensors";

    public static Command Create()
    {
        var game = GameArgs.GameOption();
        var config = new Argument<string?>("config") { Description = "YAML config of flat settings (the keys of --set; e.g. samples/configs/selfplay-connect4.yaml); --set overrides it.", Arity = ArgumentArity.ZeroOrOne };
        var run = new RunOptions(
            outHelp: "Run directory; one that already holds a run is refused unless --resume or --overwrite is given.",
            setHelp: "A setting, key=value (repeatable): " + string.Join(", ", AlphaZeroSettings.Keys) + " (docs/selfplay.md).",
            resumeHelp: "Continue the run in --out from its newest checkpoint with its own config.yaml (the replay window starts empty again).",
            overwriteHelp: "Replace the run in --out.",
            quietHelp: "Print only the final line.");
        var command = new Command("selfplay", "AlphaZero-style self-play training on Connect Four: PUCT search with a residual-MLP policy-value network, a replay window, gating against the best network, checkpoints and --resume.")
        {
            config, game, run.Out, run.Set, run.Resume, run.Overwrite, run.Quiet,
        };
        command.SetAction(parse =>
        {
            var request = run.Read(parse);
            if (parse.GetValue(game) != GameArgs.Connect4) { throw new UserInputException($"unknown game '{parse.GetValue(game)}'; known: {GameArgs.Connect4}"); }
            return Run(request, parse.GetValue(config), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    internal static int Run(RunRequest request, string? configFile, TextWriter output, TextWriter error)
    {
        var dir = new RunDirectory(request.Dir!);
        IEnumerable<KeyValuePair<string, string>> pairs;
        if (request.Resume)
        {
            if (request.Sets.Length > 0 || configFile is not null) { throw new UserInputException("--resume continues with the run's own config.yaml; drop the config file and --set"); }
            if (!dir.HasRun) { throw new UserInputException("--resume: " + FolderKind.NoRun(dir.Root, "run to resume")); }
            pairs = dir.Config.Where(kv => kv.Key is not ("algo" or "env"));
        }
        else
        {
            IEnumerable<KeyValuePair<string, string>> file = configFile is null ? [] : ConfigFile.Pairs(configFile, "self-play config").Select(p => new KeyValuePair<string, string>(p.Key, p.Value));
            pairs = file.Concat(request.Sets.Select(s =>
            {
                int eq = s.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) { throw new UserInputException($"--set takes key=value, not '{s}'"); }
                return new KeyValuePair<string, string>(s[..eq].Trim(), s[(eq + 1)..].Trim());
            })).Where(kv => kv.Key is not ("algo" or "env")).ToList();
        }
        AlphaZeroOptions options;
        long seed;
        ConnectFourRules rules;
        try { (options, seed, rules) = AlphaZeroSettings.Read(pairs); }
        catch (ArgumentException ex) { throw new UserInputException(ex.Message); }
        var game = new ConnectFour(rules);
        var loop = new AlphaZero(game, options, new Rng(seed));
        var opening = request.Resume ? RunOpening.Resume : request.Overwrite ? RunOpening.Overwrite : RunOpening.New;
        using var held = dir.OpenForWriting(opening, error.WriteLine);
        if (request.Resume && dir.Checkpoints.Newest() is { } newest)
        {
            var state = CheckpointStore.Load(newest, loop.Candidate, loop.Optimizer);
            loop.Best.LoadStateDict(CheckpointStore.Read(newest, BestFile));
            loop.Iteration = (int)state["iteration"][0];
            loop.Games = (long)state["games"][0];
            loop.Reseed(new Rng(unchecked(seed * 1_000_003 + loop.Iteration)));
            dir.KeepScalarsBefore(loop.Iteration + 1);
        }
        else
        {
            dir.Clear();
            dir.WriteConfig(AlphaZeroSettings.Write(options, seed, rules));
        }
        var log = request.Quiet ? TextWriter.Null : output;
        log.WriteLine($"Self-play on {game.Name} into {dir.Root}: {options.Iterations} iterations of {options.GamesPerIteration} games, {options.Mcts.Simulations} simulations a move");
        var clock = Stopwatch.StartNew();
        using var sink = new JsonlScalarSink(dir.Root);
        return CtrlC.Run(token =>
        {
            while (loop.Iteration < options.Iterations && !token.IsCancellationRequested)
            {
                var it = loop.RunIteration();
                double wall = clock.Elapsed.TotalSeconds;
                sink.Add("selfplay/games", it.Iteration, it.Games, wall);
                sink.Add("selfplay/window_positions", it.Iteration, it.WindowPositions, wall);
                sink.Add("losses/policy", it.Iteration, it.PolicyLoss, wall);
                sink.Add("losses/value", it.Iteration, it.ValueLoss, wall);
                if (double.IsFinite(it.GateScore)) { sink.Add("gate/score", it.Iteration, it.GateScore, wall); }
                sink.Add("gate/accepted", it.Iteration, it.Accepted ? 1 : 0, wall);
                sink.Flush();
                dir.Checkpoints.Save(it.Iteration, new Dictionary<string, Dictionary<string, Tensor>>
                {
                    [CheckpointStore.Model] = loop.Candidate.StateDict(),
                    [BestFile] = loop.Best.StateDict(),
                    [CheckpointStore.Optimizer] = loop.Optimizer.StateDict(),
                    [CheckpointStore.State] = new() { ["iteration"] = CheckpointStore.Scalar(it.Iteration), ["games"] = CheckpointStore.Scalar(it.Games) },
                });
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"iteration {it.Iteration}: {it.Games} games, window {it.WindowPositions} positions, policy loss {it.PolicyLoss:F3}, value loss {it.ValueLoss:F3}, gate {(double.IsFinite(it.GateScore) ? it.GateScore.ToString("F2", CultureInfo.InvariantCulture) : "-")} {(it.Accepted ? "accepted" : "rejected")} (self-play {it.SelfPlaySeconds:F1} s, train {it.TrainSeconds:F1} s, gate {it.GateSeconds:F1} s)"));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done: {loop.Iteration} iterations, {loop.Games} self-play games in {clock.Elapsed.TotalSeconds:F1} s; checkpoints in {dir.CheckpointsPath}"));
            return 0;
        }, error);
    }

    /// <summary>A self-play run's game, settings and best network from its newest checkpoint; a folder without one is a
    /// <see cref="UserInputException"/>.</summary>
    internal static (ConnectFour Game, AlphaZeroOptions Options, PolicyValueNet Best) LoadRun(string path)
    {
        var dir = new RunDirectory(path);
        if (!dir.HasRun || dir.ConfigValue("algo") != "alphazero") { throw new UserInputException($"'{path}' holds no self-play run (metarl selfplay --out writes one)"); }
        AlphaZeroOptions options;
        ConnectFourRules rules;
        try { (options, _, rules) = AlphaZeroSettings.Read(dir.Config.Where(kv => kv.Key is not ("algo" or "env"))); }
        catch (ArgumentException ex) { throw new UserInputException($"{dir.ConfigPath}: {ex.Message}"); }
        var game = new ConnectFour(rules);
        string newest = dir.Checkpoints.Newest() ?? throw new UserInputException($"'{path}' has no checkpoint yet");
        var best = new PolicyValueNet(game.FeatureCount, game.ActionCount, options.Hidden, options.Blocks, new Rng(0));
        best.LoadStateDict(CheckpointStore.Read(newest, BestFile));
        return (game, options, best);
    }
}
