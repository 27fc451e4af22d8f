namespace MetaRL.Envs;

/// <summary>
/// A two-player, zero-sum game of perfect information with a fixed set of actions (AlphaZero's setting:
/// Silver et al. 2017, "Mastering the game of Go without human knowledge"). States are immutable; players
/// alternate; the value of a finished game is given for the player to move, as tree search needs it.
/// </summary>
public interface IGame
{
    /// <summary>The game's name with its settings, e.g. <c>connect4-7x6-k4</c>.</summary>
    string Name { get; }

    /// <summary>How many actions exist (legal or not) in any state.</summary>
    int ActionCount { get; }

    /// <summary>The length of <see cref="IGameState.WriteCanonical"/>'s features.</summary>
    int FeatureCount { get; }

    /// <summary>The longest game in plies.</summary>
    int MaxPlies { get; }

    /// <summary>How many symmetries <see cref="Symmetry"/> knows (1: the identity only).</summary>
    int SymmetryCount { get; }

    /// <summary>The state at the start of a game.</summary>
    IGameState Initial();

    /// <summary>Applies symmetry <paramref name="index"/> (0 is the identity) to canonical features and a policy
    /// over actions; the value of a position is invariant under every symmetry.</summary>
    void Symmetry(int index, ReadOnlySpan<float> features, ReadOnlySpan<float> policy, Span<float> featuresOut, Span<float> policyOut);
}

/// <summary>A position of an <see cref="IGame"/>: immutable, so that a search tree can keep it.</summary>
public interface IGameState
{
    /// <summary>The player to move: 0 moved first, 1 second.</summary>
    int CurrentPlayer { get; }

    /// <summary>Plies played from the initial state.</summary>
    int Plies { get; }

    /// <summary>Whether the game is over.</summary>
    bool IsTerminal { get; }

    /// <summary>For a finished game, its value for the player to move: 1 won, 0 drawn, −1 lost
    /// (in games where the mover wins by moving, the player to move of a finished game has lost).</summary>
    int TerminalValue { get; }

    /// <summary>Whether <paramref name="action"/> may be played now (false in a finished game).</summary>
    bool IsLegal(int action);

    /// <summary>Writes true at every legal action (all false in a finished game).</summary>
    void LegalMask(Span<bool> mask);

    /// <summary>The state after <paramref name="action"/>; an illegal action throws <see cref="ArgumentException"/>.</summary>
    IGameState Play(int action);

    /// <summary>The position from the point of view of the player to move (the canonical form: the network sees
    /// "my stones" and "their stones", never colours), as <see cref="IGame.FeatureCount"/> floats.</summary>
    void WriteCanonical(Span<float> features);
}
