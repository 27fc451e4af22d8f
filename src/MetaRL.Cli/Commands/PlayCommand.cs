using MetaRL.Learning.SelfPlay;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl play --run RUN --against random|greedy|mcts:N|solver|human [--games N] [--first]</c>: the run's best network
/// with its search plays an opponent; against a human the board is printed and columns are read from standard input
/// (an illegal or malformed column is refused and asked again).</summary>
internal static class PlayCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "A run written by metarl selfplay.", Required = true };
        var against = new Option<string>("--against") { Description = "The opponent: random, greedy (one-ply lookahead), mcts:N (plain MCTS with N rollouts), solver, or human.", DefaultValueFactory = _ => "human" };
        var games = new Option<int>("--games") { Description = "Games (alternating colours; the network moves first in the first).", DefaultValueFactory = _ => 1 };
        var seed = new Option<long>("--seed") { Description = "Seed of the players' random choices.", DefaultValueFactory = _ => 1 };
        var command = new Command("play", "Play a self-play run's network against a baseline, the solver or you.") { run, against, games, seed };
        command.SetAction(parse => Run(parse.GetValue(run)!, parse.GetValue(against)!, parse.GetValue(games), parse.GetValue(seed),
            Console.In, parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string runDir, string against, int games, long seed, TextReader input, TextWriter output)
    {
        if (games < 1) { throw new UserInputException("--games must be ≥ 1"); }
        var (game, options, best) = SelfPlayCommand.LoadRun(runDir);
        var opponent = Opponent(game, against, input, output);
        var agent = GamePlayers.Search(new Mcts(game, new NetworkEvaluator(game, best), options.Mcts));
        var rng = new Rng(seed);
        double total = 0;
        for (int g = 0; g < games; g++)
        {
            bool agentFirst = g % 2 == 0;
            var state = (ConnectFourState)game.Initial();
            var moves = new List<int>();
            while (!state.IsTerminal)
            {
                bool agentMoves = (state.CurrentPlayer == 0) == agentFirst;
                if (against == "human") { output.Write(state.Render()); }
                int a = (agentMoves ? agent : opponent)(state, rng);
                if (against == "human" && agentMoves) { output.WriteLine($"network plays {a + 1}"); }
                moves.Add(a);
                state = state.PlayColumn(a);
            }
            double agentScore = !state.PreviousMoverWon ? 0.5 : ((state.CurrentPlayer == 0) == agentFirst ? 0 : 1);
            total += agentScore;
            if (against == "human") { output.Write(state.Render()); }
            output.WriteLine($"game {g + 1}: network {(agentFirst ? "X (first)" : "O (second)")}, {(agentScore == 1 ? "network won" : agentScore == 0 ? "network lost" : "draw")}; moves {ConnectFourMoves.Format(moves, game.Rules.Columns)}");
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"network score against {against}: {total / games:F3} over {games} games"));
        return 0;
    }

    private static Func<IGameState, Rng, int> Opponent(ConnectFour game, string against, TextReader input, TextWriter output)
    {
        if (against == "random") { return GamePlayers.Random(game); }
        if (against == "greedy") { return GamePlayers.OnePly(game); }
        if (against == "solver") { return GamePlayers.Solver(new ConnectFourSolver(game)); }
        if (against == "human") { return (s, _) => Human(game, s, input, output); }
        if (against.StartsWith("mcts:", StringComparison.Ordinal))
        {
            if (!int.TryParse(against[5..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            {
                throw new UserInputException($"--against {against}: mcts:N takes a positive number of rollouts, e.g. mcts:1000");
            }
            return GamePlayers.RolloutMcts(game, n);
        }
        throw new UserInputException($"unknown --against '{against}'; known: random, greedy, mcts:N, solver, human");
    }

    private static int Human(ConnectFour game, IGameState state, TextReader input, TextWriter output)
    {
        while (true)
        {
            output.Write($"your move (1-{game.Rules.Columns}): ");
            string? line = input.ReadLine() ?? throw new UserInputException("the input ended before the game did");
            if (int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int c) && state.IsLegal(c - 1)) { return c - 1; }
            output.WriteLine($"'{line.Trim()}' is not a legal move: give a column 1-{game.Rules.Columns} that is not full");
        }
    }
}
