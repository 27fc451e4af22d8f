namespace MetaRL.Cli.Commands;

/// <summary>The <c>--game NAME</c> and <c>--rule key=value</c> options of the self-play commands (<c>solve</c>, <c>selfplay</c>,
/// <c>play</c>): which game and which board. Only <c>connect4</c> exists; its rules are <c>columns</c>, <c>rows</c> and <c>connect</c>.</summary>
internal static class GameArgs
{
    public const string Connect4 = "connect4";

    public static Option<string> GameOption() => new("--game") { Description = "The game: connect4.", DefaultValueFactory = _ => Connect4 };

    public static Option<string[]> RuleOption() => new("--rule")
    {
        Description = "A board rule, key=value (repeatable): columns (default 7), rows (default 6), connect (default 4).",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The game named with its rules; an unknown name or rule is a <see cref="UserInputException"/>.</summary>
    public static ConnectFour Game(string name, string[] rules)
    {
        if (name != Connect4) { throw new UserInputException($"unknown game '{name}'; known: {Connect4}"); }
        var settings = new Dictionary<string, string>();
        foreach (string r in rules)
        {
            int eq = r.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) { throw new UserInputException($"--rule takes key=value (e.g. columns=6), not '{r}'"); }
            settings[r[..eq].Trim()] = r[(eq + 1)..].Trim();
        }
        return new ConnectFour(ConnectFourRules.FromSettings(settings));
    }

    /// <summary>The position after <paramref name="moves"/>; a malformed or illegal sequence is a <see cref="UserInputException"/>.</summary>
    public static ConnectFourState Position(ConnectFour game, string? moves)
    {
        try { return ConnectFourMoves.Parse(game, moves); }
        catch (ArgumentException ex) { throw new UserInputException($"--moves {moves}: {ex.Message}"); }
    }
}
