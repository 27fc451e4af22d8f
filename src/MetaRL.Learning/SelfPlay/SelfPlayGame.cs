namespace MetaRL.Learning.SelfPlay;

/// <summary>One position of a self-play game as a training example: canonical features, the search's visit
/// distribution (τ = 1) and the game's outcome for the player to move there.</summary>
public sealed record TrainingExample(float[] Features, float[] Policy, float Outcome);

/// <summary>Games between searches: self-play that records training examples, and matches between two players.</summary>
public static class SelfPlayGame
{
    /// <summary>Plays one game of <paramref name="search"/> against itself with root noise, temperature 1 for the first
    /// <paramref name="temperaturePlies"/> plies and 0 after, and returns each position with its policy target and outcome,
    /// multiplied by the game's symmetries.</summary>
    public static List<TrainingExample> Play(IGame game, Mcts search, int temperaturePlies, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(search);
        var records = new List<(float[] Features, float[] Policy, int Player)>();
        var state = game.Initial();
        while (!state.IsTerminal)
        {
            var result = search.Search(state, rng, rootNoise: true);
            var features = new float[game.FeatureCount];
            state.WriteCanonical(features);
            records.Add((features, result.Policy(), state.CurrentPlayer));
            state = state.Play(result.Choose(state.Plies < temperaturePlies ? 1.0 : 0.0, rng));
        }
        var examples = new List<TrainingExample>(records.Count * game.SymmetryCount);
        foreach (var (features, policy, player) in records)
        {
            float z = player == state.CurrentPlayer ? state.TerminalValue : -state.TerminalValue;
            for (int k = 0; k < game.SymmetryCount; k++)
            {
                var f = new float[features.Length];
                var p = new float[policy.Length];
                game.Symmetry(k, features, policy, f, p);
                examples.Add(new TrainingExample(f, p, z));
            }
        }
        return examples;
    }

    /// <summary>Game <paramref name="index"/> of a series between <paramref name="player"/> and <paramref name="opponent"/>
    /// that alternates colours (the player moves first in the even-numbered games); returns the player's score.</summary>
    public static double Alternating(IGame game, Func<IGameState, Rng, int> player, Func<IGameState, Rng, int> opponent, int index, Rng rng) =>
        index % 2 == 0 ? Match(game, player, opponent, rng) : 1 - Match(game, opponent, player, rng);

    /// <summary>One game between two move choosers (<paramref name="first"/> moves first); returns the first player's
    /// score: 1 won, ½ drawn, 0 lost.</summary>
    public static double Match(IGame game, Func<IGameState, Rng, int> first, Func<IGameState, Rng, int> second, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var state = game.Initial();
        while (!state.IsTerminal)
        {
            var mover = state.CurrentPlayer == 0 ? first : second;
            int a = mover(state, rng);
            if (!state.IsLegal(a)) { throw new InvalidOperationException($"a player chose the illegal action {a}"); }
            state = state.Play(a);
        }
        // the player to move in a finished game has TerminalValue; the first player is to move when CurrentPlayer is 0
        double v = state.CurrentPlayer == 0 ? state.TerminalValue : -state.TerminalValue;
        return (v + 1) / 2;
    }
}
