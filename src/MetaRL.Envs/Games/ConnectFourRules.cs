using System.Globalization;

namespace MetaRL.Envs;

/// <summary>
/// The settings of a Connect Four board: <see cref="Columns"/> × <see cref="Rows"/> cells, a player wins by
/// <see cref="ConnectLength"/> stones in a row, column or diagonal (7×6, connect 4 by default: Allis 1988,
/// "A knowledge-based approach of Connect-Four"). The bitboard gives each column <see cref="Rows"/> + 1 bits,
/// so <c>Columns · (Rows + 1) ≤ 64</c> (8×7 fits, 9×6 does not).
/// </summary>
public sealed record ConnectFourRules
{
    /// <summary>Columns of the board.</summary>
    /// <value>The default value is 7.</value>
    public int Columns { get; init; } = 7;

    /// <summary>Rows of the board.</summary>
    /// <value>The default value is 6.</value>
    public int Rows { get; init; } = 6;

    /// <summary>Stones in a line that win.</summary>
    /// <value>The default value is 4.</value>
    public int ConnectLength { get; init; } = 4;

    /// <summary>The standard 7×6 connect-4 board.</summary>
    public static ConnectFourRules Standard { get; } = new();

    /// <summary>Cells on the board.</summary>
    public int Cells => Columns * Rows;

    /// <summary>Throws <see cref="EnvConfigurationException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Columns < 1 || Rows < 1) { throw new EnvConfigurationException($"a Connect Four board needs at least one column and one row, not {Columns}×{Rows}"); }
        if (Columns * (Rows + 1) > 64) { throw new EnvConfigurationException($"a {Columns}×{Rows} board does not fit the 64-bit bitboard: columns·(rows+1) must be ≤ 64 (8×7 and 7×7 fit)"); }
        if (ConnectLength < 2 || ConnectLength > Math.Max(Columns, Rows))
        {
            throw new EnvConfigurationException($"connect length {ConnectLength} must be between 2 and the longer side of the board ({Math.Max(Columns, Rows)})");
        }
    }

    /// <summary>Reads <c>columns</c>, <c>rows</c> and <c>connect</c> from settings (absent keys keep the defaults);
    /// unknown keys and values that are not integers are refused.</summary>
    public static ConnectFourRules FromSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rules = new ConnectFourRules();
        foreach (var (key, text) in settings)
        {
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
            {
                throw new EnvConfigurationException($"connect4 setting {key}={text} is not an integer");
            }
            rules = key switch
            {
                "columns" => rules with { Columns = v },
                "rows" => rules with { Rows = v },
                "connect" => rules with { ConnectLength = v },
                _ => throw new EnvConfigurationException($"unknown connect4 setting '{key}'; known: columns, rows, connect"),
            };
        }
        rules.Validate();
        return rules;
    }
}
