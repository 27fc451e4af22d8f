using MetaRL.Learning.SelfPlay;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl selfplay-eval --run RUN [--json]</c>: the run's best network with its search against random play,
/// one-ply lookahead, plain MCTS and (optionally) the solver, and its share of optimal moves on solver-labelled positions
/// with and without search (<see cref="SelfPlayEvaluation"/>).</summary>
internal static class SelfPlayEvalCommand
{
    public static Command Create()
    {
        var d = new SelfPlayEvaluationOptions();
        var run = new Option<string>("--run") { Description = "A run written by metarl selfplay.", Required = true };
        var games = new Option<int>("--games") { Description = "Games against each opponent, half with each colour.", DefaultValueFactory = _ => d.Games };
        var rollouts = new Option<int>("--rollouts") { Description = "Rollouts of the plain-MCTS opponent.", DefaultValueFactory = _ => d.Rollouts };
        var solverGames = new Option<int>("--solver-games") { Description = "Games against the exact solver (0 skips them; slow in the opening).", DefaultValueFactory = _ => d.SolverGames };
        var positions = new Option<int>("--positions") { Description = "Solver-labelled positions for the share of optimal moves (0 skips it).", DefaultValueFactory = _ => d.Positions };
        var minDepth = new Option<int>("--min-depth") { Description = "Shallowest labelled position (plies).", DefaultValueFactory = _ => d.MinDepth };
        var maxDepth = new Option<int>("--max-depth") { Description = "Deepest labelled position (plies).", DefaultValueFactory = _ => d.MaxDepth };
        var seed = new Option<long>("--seed") { Description = "Seed of the games and positions.", DefaultValueFactory = _ => d.Seed };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("selfplay-eval", "Measure a self-play run: scores against random, one-ply lookahead, plain MCTS and the solver; share of optimal moves with and without search.")
        {
            run, games, rollouts, solverGames, positions, minDepth, maxDepth, seed, json,
        };
        command.SetAction(parse =>
        {
            var o = new SelfPlayEvaluationOptions
            {
                Games = parse.GetValue(games), Rollouts = parse.GetValue(rollouts), SolverGames = parse.GetValue(solverGames), Positions = parse.GetValue(positions),
                MinDepth = parse.GetValue(minDepth), MaxDepth = parse.GetValue(maxDepth), Seed = parse.GetValue(seed),
            };
            return Run(parse.GetValue(run)!, o, parse.GetValue(json), parse.InvocationConfiguration.Output);
        });
        return command;
    }

    internal static int Run(string runDir, SelfPlayEvaluationOptions o, bool json, TextWriter output)
    {
        if (o.Games < 0 || o.SolverGames < 0 || o.Positions < 0) { throw new UserInputException("--games, --solver-games and --positions must be ≥ 0"); }
        if (o.Rollouts < 1) { throw new UserInputException("--rollouts must be ≥ 1"); }
        if (o.MinDepth < 0 || o.MaxDepth < o.MinDepth) { throw new UserInputException("--min-depth must be ≥ 0 and ≤ --max-depth"); }
        var (game, options, best) = SelfPlayCommand.LoadRun(runDir);
        if (o.MaxDepth >= game.MaxPlies) { throw new UserInputException($"--max-depth must be below the board's {game.MaxPlies} cells"); }
        var clock = Stopwatch.StartNew();
        var agent = GamePlayers.Search(new Mcts(game, new NetworkEvaluator(game, best), options.Mcts));
        var r = SelfPlayEvaluation.Evaluate(game, agent, GamePlayers.RawNetwork(game, best), o);
        var values = new Dictionary<string, object?>
        {
            ["run"] = Path.GetFullPath(runDir), ["game"] = game.Name, ["simulations"] = options.Mcts.Simulations, ["games"] = o.Games,
            ["vs_random"] = r.VsRandom, ["vs_one_ply"] = r.VsOnePly, [$"vs_mcts_{o.Rollouts}"] = r.VsMcts, ["vs_solver"] = r.VsSolver,
            ["optimal_with_search"] = r.OptimalWithSearch, ["optimal_raw_network"] = r.OptimalRaw, ["positions"] = r.Positions,
            ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
        };
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(values));
            return 0;
        }
        foreach (var (k, v) in values) { output.WriteLine($"{k}: {Convert.ToString(v, CultureInfo.InvariantCulture) ?? "-"}"); }
        return 0;
    }
}
