namespace MetaRL.Envs;

/// <summary>The move-sequence notation of Connect Four: the columns played from the empty board, numbered 1… from the
/// left, one digit each (<c>4453</c>); boards of more than 9 columns separate the numbers with commas (<c>10,4,4</c>).</summary>
public static class ConnectFourMoves
{
    /// <summary>The position after <paramref name="text"/> (null or empty: the empty board). A character that is not a
    /// column number, a column off the board, a full column or a move after the game ended throws
    /// <see cref="ArgumentException"/> naming the move.</summary>
    public static ConnectFourState Parse(ConnectFour game, string? text)
    {
        ArgumentNullException.ThrowIfNull(game);
        return game.FromMoves(Columns(text, game.Rules.Columns));
    }

    /// <summary>The 0-based columns of <paramref name="text"/>, checked only for form and range.</summary>
    public static IReadOnlyList<int> Columns(string? text, int columns)
    {
        text = text?.Trim() ?? "";
        if (text.Length == 0) { return []; }
        string[] parts = text.Contains(',', StringComparison.Ordinal) ? text.Split(',') : [.. text.Select(ch => ch.ToString())];
        var result = new List<int>(parts.Length);
        for (int i = 0; i < parts.Length; i++)
        {
            string p = parts[i].Trim();
            if (p.Length == 0 || !p.All(char.IsAsciiDigit) || p.Length > 3)
            {
                throw new ArgumentException($"move {i + 1}: '{p}' is not a column number; a position is the columns played, 1-{columns} from the left (e.g. 4453)");
            }
            int c = int.Parse(p, System.Globalization.CultureInfo.InvariantCulture);
            if (c < 1 || c > columns) { throw new ArgumentException($"move {i + 1}: column {c} is not on the board (columns 1-{columns})"); }
            result.Add(c - 1);
        }
        return result;
    }

    /// <summary>The notation of a sequence of 0-based columns.</summary>
    public static string Format(IEnumerable<int> columns, int boardColumns) =>
        string.Join(boardColumns > 9 ? "," : "", columns.Select(c => (c + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
