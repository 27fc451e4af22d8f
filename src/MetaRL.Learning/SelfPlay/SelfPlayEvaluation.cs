namespace MetaRL.Learning.SelfPlay;

/// <summary>What <see cref="SelfPlayEvaluation"/> measures; sizes are small by default because a 2-core machine runs it.</summary>
public sealed record SelfPlayEvaluationOptions
{
    /// <summary>Games against each opponent, half with each colour.</summary>
    /// <value>The default value is 20.</value>
    public int Games { get; init; } = 20;

    /// <summary>Rollouts of the plain-MCTS opponent.</summary>
    /// <value>The default value is 1000 (the anchor).</value>
    public int Rollouts { get; init; } = 1000;

    /// <summary>Games against the solver (0 skips it: the solver is slow in the opening on this machine).</summary>
    /// <value>The default value is 0.</value>
    public int SolverGames { get; init; }

    /// <summary>Solver-labelled positions for the share of optimal moves (0 skips it).</summary>
    /// <value>The default value is 30.</value>
    public int Positions { get; init; } = 30;

    /// <summary>The shallowest labelled position, in plies.</summary>
    /// <value>The default value is 8.</value>
    public int MinDepth { get; init; } = 8;

    /// <summary>The deepest labelled position, in plies.</summary>
    /// <value>The default value is 30.</value>
    public int MaxDepth { get; init; } = 30;

    /// <summary>Seed of the games and the positions.</summary>
    /// <value>The default value is 1.</value>
    public long Seed { get; init; } = 1;
}

/// <summary>Scores of a trained network (with its search) against the baselines, and its share of optimal moves.</summary>
public sealed record SelfPlayEvaluationResult(double VsRandom, double VsOnePly, double VsMcts, double? VsSolver, double? OptimalWithSearch, double? OptimalRaw, int Positions);

/// <summary>
/// Measures a self-play network as the issue asks: its score (win 1, draw ½) with search against uniformly random play,
/// one-ply lookahead, plain MCTS with random rollouts and (optionally) the solver, each over games half with each colour;
/// and the share of positions where its move is among the solver's optimal moves, with and without search, on positions
/// from random play at depths spread evenly over [min, max] (stratified by game phase).
/// </summary>
public static class SelfPlayEvaluation
{
    /// <summary>Runs every measurement; <paramref name="agent"/> is the network with its search.</summary>
    public static SelfPlayEvaluationResult Evaluate(ConnectFour game, Func<IGameState, Rng, int> agent, Func<IGameState, Rng, int> raw, SelfPlayEvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(options);
        var rng = new Rng(options.Seed);
        var solver = new ConnectFourSolver(game);
        double vsRandom = Score(game, agent, GamePlayers.Random(game), options.Games, rng.Split());
        double vsOnePly = Score(game, agent, GamePlayers.OnePly(game), options.Games, rng.Split());
        double vsMcts = Score(game, agent, GamePlayers.RolloutMcts(game, options.Rollouts), options.Games, rng.Split());
        double? vsSolver = options.SolverGames > 0 ? Score(game, agent, GamePlayers.Solver(solver), options.SolverGames, rng.Split()) : null;
        if (options.Positions <= 0) { return new SelfPlayEvaluationResult(vsRandom, vsOnePly, vsMcts, vsSolver, null, null, 0); }
        int withSearch = 0, withoutSearch = 0;
        var positions = LabelledPositions(game, solver, options, rng.Split());
        foreach (var (state, best) in positions)
        {
            if (best.Contains(agent(state, rng))) { withSearch++; }
            if (best.Contains(raw(state, rng))) { withoutSearch++; }
        }
        return new SelfPlayEvaluationResult(vsRandom, vsOnePly, vsMcts, vsSolver, (double)withSearch / positions.Count, (double)withoutSearch / positions.Count, positions.Count);
    }

    /// <summary>The mean score of <paramref name="player"/> over <paramref name="games"/> games against <paramref name="opponent"/>,
    /// moving first in the even-numbered games.</summary>
    public static double Score(IGame game, Func<IGameState, Rng, int> player, Func<IGameState, Rng, int> opponent, int games, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        double total = 0;
        for (int g = 0; g < games; g++)
        {
            total += SelfPlayGame.Alternating(game, player, opponent, g, rng.Split());
        }
        return games > 0 ? total / games : double.NaN;
    }

    /// <summary>Unfinished positions from uniformly random play, their depths cycling through [min, max] so that every game
    /// phase is equally represented, each with the solver's optimal moves.</summary>
    public static List<(ConnectFourState State, IReadOnlyList<int> Best)> LabelledPositions(ConnectFour game, ConnectFourSolver solver, SelfPlayEvaluationOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        var result = new List<(ConnectFourState, IReadOnlyList<int>)>();
        int span = Math.Max(1, options.MaxDepth - options.MinDepth + 1);
        for (int i = 0, tries = 0; result.Count < options.Positions && tries < 100 * options.Positions; tries++)
        {
            int depth = options.MinDepth + i % span;
            var s = (ConnectFourState)game.Initial();
            var random = GamePlayers.Random(game);
            while (!s.IsTerminal && s.Plies < depth) { s = s.PlayColumn(random(s, rng)); }
            if (s.IsTerminal) { continue; }
            result.Add((s, solver.Solve(s).BestMoves));
            i++;
        }
        return result;
    }
}
