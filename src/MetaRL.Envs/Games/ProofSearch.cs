using System.Numerics;

namespace MetaRL.Envs;

/// <summary>
/// The weak solve of a Connect Four position: only win, draw or loss with perfect play, found by null-window
/// alpha-beta (Pearl 1980's test: "is the value above 0?", then "above −1?") on values −1, 0, 1, so bounds collapse
/// and far more of the tree is cut than when the distance to the end counts. Moves that hand the opponent an immediate
/// win are never searched; the move that last proved a position's bound is tried first, then the moves that make the
/// most threats, ties from the centre out. Positions of the first plies are stored under the smaller of their key and
/// their mirror image's, so both halves of the opening share one entry (Tromp's Fhourstones does the same).
/// </summary>
internal sealed class ProofSearch
{
    /// <summary>Positions up to this ply are keyed with their mirror image.</summary>
    private const int MirrorPlies = 14;

    private readonly ConnectFour _game;
    private readonly ProofTable _table;
    private readonly ulong _bottom, _board, _columnMask;
    private readonly int _h, _columns, _cells;
    private readonly int[] _order;
    private readonly ulong[] _orderCells;
    private readonly bool _four;

    public ProofSearch(ConnectFour game, long tableSlots)
    {
        _game = game;
        _table = new ProofTable(tableSlots);
        _bottom = game.BottomRow;
        _board = game.BoardCells;
        _h = game.Rules.Rows + 1;
        _columnMask = (1UL << _h) - 1;
        _columns = game.Rules.Columns;
        _cells = game.Rules.Cells;
        _order = [.. game.ColumnOrder];
        _orderCells = [.. _order.Select(game.ColumnCells)];
        _four = game.Rules.ConnectLength == 4 && 3 * (_h + 1) < 64;
    }

    /// <summary>Positions searched.</summary>
    public long Nodes { get; private set; }

    /// <summary>Slots in the table.</summary>
    public long TableSlots => _table.Slots;

    /// <summary>1 when the player to move wins with perfect play, 0 when it is a draw, −1 when they lose.</summary>
    public int Prove(ConnectFourState state)
    {
        if (state.PreviousMoverWon) { return -1; }
        if (state.Plies == _cells) { return 0; }
        for (int c = 0; c < _columns; c++)
        {
            if (state.IsLegal(c) && state.WinsAt(c)) { return 1; }
        }
        if (Search(state.Current, state.Mask, state.Plies, 0) > 0) { return 1; }
        return Search(state.Current, state.Mask, state.Plies, -1) >= 0 ? 0 : -1;
    }

    /// <summary>Null-window negamax, fail-soft, on the window (<paramref name="alpha"/>, <paramref name="alpha"/> + 1),
    /// for a position at ply <paramref name="p"/> that is not over and where the mover has no immediate win.</summary>
    private int Search(ulong current, ulong mask, int p, int alpha)
    {
        Nodes++;
        ulong opponent = current ^ mask;
        ulong possible = (mask + _bottom) & _board;
        ulong threats = Winning(opponent) & ~mask;
        ulong forced = possible & threats;
        if (forced != 0)
        {
            if ((forced & (forced - 1)) != 0) { return -1; } // two immediate threats: one gets through
            possible = forced;
        }
        ulong safe = possible & ~(threats >> 1); // never fill the cell under an opponent's threat
        if (safe == 0) { return -1; }
        if (p >= _cells - 2) { return 0; } // our move and theirs fill the board and neither wins
        if (p == _cells - 3 && alpha < 0) { return 0; } // they cannot win on the one move left to them

        ulong key = current + mask;
        bool mirrored = false;
        if (p < MirrorPlies)
        {
            ulong image = Mirror(key);
            if (image < key)
            {
                key = image;
                mirrored = true;
            }
        }
        int first = -1;
        if (_table.TryGet(key, out int lower, out int upper, out int move))
        {
            if (lower > alpha) { return lower; }
            if (upper <= alpha) { return upper; }
            if (move >= 0) { first = mirrored ? _columns - 1 - move : move; }
        }

        // order: the stored proving move, then most threats after the move, ties centre first (insertion sort is stable)
        Span<ulong> moves = stackalloc ulong[_columns];
        Span<int> value = stackalloc int[_columns];
        Span<int> column = stackalloc int[_columns];
        int n = 0;
        for (int o = 0; o < _orderCells.Length; o++)
        {
            ulong m = safe & _orderCells[o];
            if (m == 0) { continue; }
            int c = _order[o];
            int v = c == first ? int.MaxValue : BitOperations.PopCount(Winning(current | m) & ~(mask | m));
            int i = n++;
            while (i > 0 && value[i - 1] < v)
            {
                moves[i] = moves[i - 1];
                value[i] = value[i - 1];
                column[i] = column[i - 1];
                i--;
            }
            moves[i] = m;
            value[i] = v;
            column[i] = c;
        }

        long before = Nodes;
        int best = -2, bestColumn = -1;
        for (int i = 0; i < n; i++)
        {
            int v = -Search(opponent, mask | moves[i], p + 1, -alpha - 1);
            if (v > best)
            {
                best = v;
                bestColumn = column[i];
            }
            if (v > alpha) { break; }
        }
        int work = 64 - BitOperations.LeadingZeroCount((ulong)(Nodes - before));
        if (best > alpha) { _table.Put(key, best, 1, mirrored ? _columns - 1 - bestColumn : bestColumn, work); }
        else { _table.Put(key, -1, best, -1, work); }
        return best;
    }

    private ulong Winning(ulong stones) => _four ? WinningOfFour(stones) : _game.WinningCells(stones);

    // the cells that complete four for stones: vertically only above three stacked stones, and along the row and both
    // diagonals every gap of a line (three stones on one side, or two and one, or one and two)
    private ulong WinningOfFour(ulong s)
    {
        ulong r = (s << 1) & (s << 2) & (s << 3);
        r |= Line(s, _h) | Line(s, _h - 1) | Line(s, _h + 1);
        return r & _board;
    }

    private static ulong Line(ulong s, int d)
    {
        ulong below = (s << d) & (s << (2 * d)), above = (s >> d) & (s >> (2 * d));
        return (below & ((s << (3 * d)) | (s >> d))) | (above & ((s >> (3 * d)) | (s << d)));
    }

    private ulong Mirror(ulong key)
    {
        ulong image = 0;
        for (int c = 0, m = _columns - 1; c < _columns; c++, m--)
        {
            image |= ((key >> (c * _h)) & _columnMask) << (m * _h);
        }
        return image;
    }
}
