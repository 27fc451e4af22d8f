namespace MetaRL.Envs;

/// <summary>A Connect Four position: the stones of the player to move (<see cref="Current"/>) and of both
/// (<see cref="Mask"/>) as bitboards of <see cref="ConnectFour"/>'s layout.</summary>
public sealed class ConnectFourState : IGameState
{
    internal ConnectFourState(ConnectFour game, ulong current, ulong mask, int plies, bool previousMoverWon)
    {
        Game = game;
        Current = current;
        Mask = mask;
        Plies = plies;
        PreviousMoverWon = previousMoverWon;
    }

    /// <summary>The game (board and rules) this position belongs to.</summary>
    public ConnectFour Game { get; }

    /// <summary>Stones of the player to move.</summary>
    public ulong Current { get; }

    /// <summary>Stones of both players.</summary>
    public ulong Mask { get; }

    /// <summary>Stones of the player who moved last.</summary>
    public ulong Opponent => Current ^ Mask;

    /// <inheritdoc/>
    public int Plies { get; }

    /// <summary>Whether the last move completed a line.</summary>
    public bool PreviousMoverWon { get; }

    /// <inheritdoc/>
    public int CurrentPlayer => Plies & 1;

    /// <inheritdoc/>
    public bool IsTerminal => PreviousMoverWon || Plies == Game.Rules.Cells;

    /// <inheritdoc/>
    public int TerminalValue => PreviousMoverWon ? -1 : 0;

    /// <inheritdoc/>
    public bool IsLegal(int action) => !IsTerminal && action >= 0 && action < Game.Rules.Columns && (Mask & Game.TopCell(action)) == 0;

    /// <inheritdoc/>
    public void LegalMask(Span<bool> mask)
    {
        for (int c = 0; c < Game.Rules.Columns; c++) { mask[c] = IsLegal(c); }
    }

    /// <inheritdoc/>
    public IGameState Play(int action) => PlayColumn(action);

    /// <summary>The position after a stone in <paramref name="column"/>.</summary>
    public ConnectFourState PlayColumn(int column)
    {
        if (!IsLegal(column)) { throw new ArgumentException($"column {column + 1} is not a legal move here", nameof(column)); }
        ulong mask = Mask | (Mask + Game.Cell(column, 0));
        ulong mine = Current | (mask ^ Mask);
        return new ConnectFourState(Game, mine ^ mask, mask, Plies + 1, Game.HasLine(mine));
    }

    /// <summary>Whether a stone in <paramref name="column"/> (legal) wins at once.</summary>
    public bool WinsAt(int column) => (Game.WinningCells(Current) & ((Mask + Game.Cell(column, 0)) & Game.ColumnCells(column))) != 0;

    /// <summary>The canonical features: plane 0 the mover's stones, plane 1 the opponent's, each row-major from the bottom row.</summary>
    public void WriteCanonical(Span<float> features)
    {
        int w = Game.Rules.Columns, r = Game.Rules.Rows, cells = w * r;
        features[..(2 * cells)].Clear();
        ulong opponent = Opponent;
        for (int c = 0; c < w; c++)
        {
            for (int row = 0; row < r; row++)
            {
                ulong bit = Game.Cell(c, row);
                if ((Current & bit) != 0) { features[row * w + c] = 1f; }
                else if ((opponent & bit) != 0) { features[cells + row * w + c] = 1f; }
            }
        }
    }

    /// <summary>The board as text, top row first: 'X' for the first player's stones, 'O' for the second's, '.' empty,
    /// and the column numbers 1… beneath.</summary>
    public string Render()
    {
        var sb = new System.Text.StringBuilder();
        ulong first = CurrentPlayer == 0 ? Current : Opponent;
        for (int row = Game.Rules.Rows - 1; row >= 0; row--)
        {
            for (int c = 0; c < Game.Rules.Columns; c++)
            {
                ulong bit = Game.Cell(c, row);
                sb.Append((Mask & bit) == 0 ? '.' : (first & bit) != 0 ? 'X' : 'O');
                if (c + 1 < Game.Rules.Columns) { sb.Append(' '); }
            }
            sb.Append('\n');
        }
        for (int c = 0; c < Game.Rules.Columns; c++)
        {
            sb.Append((c + 1) % 10);
            if (c + 1 < Game.Rules.Columns) { sb.Append(' '); }
        }
        sb.Append('\n');
        return sb.ToString();
    }
}
