namespace MetaRL.Learning.SelfPlay;

/// <summary>Move choosers for matches and play: uniformly random, one-ply lookahead, plain MCTS with random rollouts, the
/// raw network, the network with search, and the exact solver. Each is a function of the position and a random stream.</summary>
public static class GamePlayers
{
    /// <summary>A uniformly random legal move.</summary>
    public static Func<IGameState, Rng, int> Random(IGame game)
    {
        ArgumentNullException.ThrowIfNull(game);
        return (state, rng) =>
        {
            var legal = Legal(game, state);
            return legal[rng.NextInt(legal.Count)];
        };
    }

    /// <summary>One-ply lookahead (a "greedy" baseline): a move that wins at once if there is one, else a random move among
    /// those after which the opponent cannot win at once, else any random move.</summary>
    public static Func<IGameState, Rng, int> OnePly(IGame game)
    {
        ArgumentNullException.ThrowIfNull(game);
        return (state, rng) =>
        {
            var legal = Legal(game, state);
            var safe = new List<int>();
            foreach (int a in legal)
            {
                var child = state.Play(a);
                if (child.IsTerminal && child.TerminalValue < 0) { return a; }
                if (!Legal(game, child).Any(b => child.Play(b) is { IsTerminal: true, TerminalValue: < 0 })) { safe.Add(a); }
            }
            var pool = safe.Count > 0 ? safe : legal;
            return pool[rng.NextInt(pool.Count)];
        };
    }

    /// <summary>A search's most visited move.</summary>
    public static Func<IGameState, Rng, int> Search(Mcts search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return (s, rng) => search.Search(s, rng).Choose(0, rng);
    }

    /// <summary>Plain UCT: <paramref name="rollouts"/> simulations each evaluated by one random playout.</summary>
    public static Func<IGameState, Rng, int> RolloutMcts(IGame game, int rollouts) =>
        Search(new Mcts(game, new RolloutEvaluator(), new MctsOptions { Simulations = rollouts }));

    /// <summary>The network without search: the legal move of highest prior.</summary>
    public static Func<IGameState, Rng, int> RawNetwork(IGame game, PolicyValueNet net)
    {
        ArgumentNullException.ThrowIfNull(game);
        var evaluator = new NetworkEvaluator(game, net);
        return (s, rng) =>
        {
            var priors = new float[game.ActionCount];
            evaluator.Evaluate(s, priors, rng);
            return Legal(game, s).MaxBy(a => priors[a]);
        };
    }

    /// <summary>Perfect play: a random move among the solver's optimal ones.</summary>
    public static Func<IGameState, Rng, int> Solver(ConnectFourSolver solver)
    {
        ArgumentNullException.ThrowIfNull(solver);
        return (s, rng) =>
        {
            var best = solver.Solve((ConnectFourState)s).BestMoves;
            return best[rng.NextInt(best.Count)];
        };
    }

    /// <summary>The legal actions of <paramref name="state"/>, ascending.</summary>
    public static List<int> Legal(IGame game, IGameState state)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(state);
        var list = new List<int>(game.ActionCount);
        for (int a = 0; a < game.ActionCount; a++)
        {
            if (state.IsLegal(a)) { list.Add(a); }
        }
        return list;
    }
}
