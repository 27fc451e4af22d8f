using System.Numerics;

namespace MetaRL.Envs;

/// <summary>
/// Connect Four on bitboards: each column takes <c>Rows + 1</c> bits (bottom first; the extra bit stays empty so
/// that no line wraps from one column into the next), a position is the stones of the player to move and the mask
/// of all stones, and a move adds the column's lowest empty bit (<c>mask + bottom</c>). Actions are columns 0…Columns−1.
/// </summary>
public sealed class ConnectFour : IGame
{
    private readonly int[] _directions;
    private readonly int[] _columnOrder;
    private readonly bool _connectFourFast;

    /// <summary>A game with the given rules (validated).</summary>
    public ConnectFour(ConnectFourRules? rules = null)
    {
        Rules = rules ?? ConnectFourRules.Standard;
        Rules.Validate();
        int h = Rules.Rows + 1;
        for (int c = 0; c < Rules.Columns; c++)
        {
            BottomRow |= 1UL << (c * h);
        }
        BoardCells = BottomRow * ((1UL << Rules.Rows) - 1);
        _directions = [1, h, h - 1, h + 1];
        _columnOrder = CentreFirst(Rules.Columns);
        _connectFourFast = Rules.ConnectLength == 4 && 3 * (h + 1) < 64;
    }

    /// <summary>The board and the connect length.</summary>
    public ConnectFourRules Rules { get; }

    /// <summary>One bit at the bottom of every column.</summary>
    public ulong BottomRow { get; }

    /// <summary>Every playable cell.</summary>
    public ulong BoardCells { get; }

    /// <summary>Columns from the centre outwards (centre, then left and right of it alternately): the solver's move order.</summary>
    public IReadOnlyList<int> ColumnOrder => _columnOrder;

    /// <inheritdoc/>
    public string Name => $"connect4-{Rules.Columns}x{Rules.Rows}-k{Rules.ConnectLength}";

    /// <inheritdoc/>
    public int ActionCount => Rules.Columns;

    /// <inheritdoc/>
    public int FeatureCount => 2 * Rules.Cells;

    /// <inheritdoc/>
    public int MaxPlies => Rules.Cells;

    /// <inheritdoc/>
    public int SymmetryCount => 2;

    /// <inheritdoc/>
    public IGameState Initial() => new ConnectFourState(this, 0, 0, 0, false);

    /// <summary>The position after playing <paramref name="columns"/> (0-based) from the empty board; an illegal move
    /// (a full column, a column off the board, or any move after the game ended) throws <see cref="ArgumentException"/>
    /// naming the move's index.</summary>
    public ConnectFourState FromMoves(IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var state = (ConnectFourState)Initial();
        for (int i = 0; i < columns.Count; i++)
        {
            if (state.IsTerminal) { throw new ArgumentException($"move {i + 1} (column {columns[i] + 1}) comes after the game ended"); }
            if (!state.IsLegal(columns[i]))
            {
                throw new ArgumentException(columns[i] < 0 || columns[i] >= Rules.Columns
                    ? $"move {i + 1}: column {columns[i] + 1} is not on the board (columns 1-{Rules.Columns})"
                    : $"move {i + 1}: column {columns[i] + 1} is full");
            }
            state = state.PlayColumn(columns[i]);
        }
        return state;
    }

    /// <summary>The cells of <paramref name="column"/>.</summary>
    public ulong ColumnCells(int column) => ((1UL << Rules.Rows) - 1) << (column * (Rules.Rows + 1));

    /// <summary>The top cell of <paramref name="column"/>.</summary>
    public ulong TopCell(int column) => 1UL << (Rules.Rows - 1 + column * (Rules.Rows + 1));

    /// <summary>The bit of a cell (row 0 is the bottom).</summary>
    public ulong Cell(int column, int row) => 1UL << (column * (Rules.Rows + 1) + row);

    /// <summary>Whether <paramref name="stones"/> hold a line of <see cref="ConnectFourRules.ConnectLength"/>.</summary>
    public bool HasLine(ulong stones)
    {
        int k = Rules.ConnectLength;
        foreach (int d in _directions)
        {
            ulong x = stones;
            for (int i = 1; i < k && x != 0; i++) { x &= stones >> (i * d); }
            if (x != 0) { return true; }
        }
        return false;
    }

    /// <summary>Every cell (empty or not, on the board) where a stone would complete a line for <paramref name="stones"/>.
    /// Per direction, <c>below[i]</c> marks cells whose i nearest neighbours on one side are all stones and <c>above[i]</c>
    /// the same on the other side; a cell completes a line when <c>below[j] &amp; above[k−1−j]</c> for some j.</summary>
    public ulong WinningCells(ulong stones)
    {
        int k = Rules.ConnectLength;
        if (_connectFourFast) { return WinningCellsOfFour(stones); }
        Span<ulong> below = stackalloc ulong[k], above = stackalloc ulong[k];
        ulong result = 0;
        foreach (int d in _directions)
        {
            below[0] = above[0] = ~0UL;
            for (int i = 1; i < k; i++)
            {
                int s = i * d;
                below[i] = below[i - 1] & (s < 64 ? stones << s : 0);
                above[i] = above[i - 1] & (s < 64 ? stones >> s : 0);
            }
            for (int j = 0; j < k; j++) { result |= below[j] & above[k - 1 - j]; }
        }
        return result & BoardCells;
    }

    // the same for k = 4 without the arrays: the solver's hot path
    private ulong WinningCellsOfFour(ulong stones)
    {
        ulong result = 0;
        foreach (int d in _directions)
        {
            ulong b1 = stones << d, b2 = b1 & (stones << (2 * d)), a1 = stones >> d, a2 = a1 & (stones >> (2 * d));
            result |= (b2 & (stones << (3 * d))) | (b2 & a1) | (b1 & a2) | (a2 & (stones >> (3 * d)));
        }
        return result & BoardCells;
    }

    /// <summary>Mirrors the board left to right: features are two planes of row-major cells (row 0 at the bottom),
    /// the policy is over columns.</summary>
    public void Symmetry(int index, ReadOnlySpan<float> features, ReadOnlySpan<float> policy, Span<float> featuresOut, Span<float> policyOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SymmetryCount);
        int w = Rules.Columns;
        if (index == 0)
        {
            features.CopyTo(featuresOut);
            policy.CopyTo(policyOut);
            return;
        }
        for (int c = 0; c < w; c++) { policyOut[w - 1 - c] = policy[c]; }
        for (int cell = 0; cell < features.Length; cell++)
        {
            int row = cell / w, c = cell % w;
            featuresOut[row * w + (w - 1 - c)] = features[cell];
        }
    }

    /// <summary>Number of set bits.</summary>
    public static int Count(ulong bits) => BitOperations.PopCount(bits);

    private static int[] CentreFirst(int columns)
    {
        var order = new int[columns];
        for (int i = 0; i < columns; i++)
        {
            // centre, then alternately one step left and right of it (for an even width the left-centre column first)
            order[i] = (columns - 1) / 2 + (i % 2 == 0 ? i / 2 : -(i + 1) / 2) * ((columns % 2 == 0) ? -1 : 1);
        }
        return order;
    }
}
