using System.Numerics;

namespace MetaRL.Envs;

/// <summary>
/// The weak solve of a Connect Four position: only win, draw or loss with perfect play, found by null-window
/// alpha-beta (Pearl 1980's test: "is the value above 0?", then "above −1?") on values −1, 0, 1, so bounds collapse
/// and far more of the tree is cut than when the distance to the end counts. Moves that hand the opponent an immediate
/// win are never searched; the move that last proved a position's bound is tried first, then the moves that make the
/// most threats, ties from the centre out (Pons 2019's ordering). Before searching the opening's moves, the table is
/// asked whether one of them is already known to refute the window (enhanced transposition cutoffs: Plaat et al. 1996,
/// "Exploiting graph properties of game trees"). Positions of the first plies are stored under the smaller of their key
/// and their mirror image's, so both halves of the opening share one entry (Tromp's Fhourstones does the same). Near
/// the end, where subtrees are small, plain alpha-beta from the centre out without the table is faster than paying a
/// cache miss a position.
/// </summary>
internal sealed class ProofSearch
{
    /// <summary>Positions before this ply are keyed with their mirror image.</summary>
    private const int MirrorPlies = 20;

    /// <summary>Positions before this ply look up their children before searching them.</summary>
    private const int CutoffPlies = 30;

    /// <summary>Positions with at most this many empty cells are searched without table or threat ordering.</summary>
    private const int LeafCells = 10;

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
        if (p >= _cells - LeafCells) { return Leaf(opponent, mask, safe, p, alpha); }

        ulong key = Key(current + mask, p, out bool mirrored);
        int first = -1;
        if (_table.TryGet(key, out int lower, out int upper, out int move))
        {
            if (lower > alpha) { return lower; }
            if (upper <= alpha) { return upper; }
            if (move >= 0) { first = mirrored ? _columns - 1 - move : move; }
        }

        // order: the stored proving move, then most threats after the move, ties centre first (a stable insertion sort
        // of the threat count above the move's index in the centre-first order)
        Span<int> moves = stackalloc int[_columns];
        int n = 0;
        for (int o = 0; o < _orderCells.Length; o++)
        {
            ulong m = safe & _orderCells[o];
            if (m == 0) { continue; }
            int v = _order[o] == first ? 1 << 20 : BitOperations.PopCount(Winning(current | m) & ~(mask | m));
            int packed = (v << 8) | o, i = n++;
            for (; i > 0 && moves[i - 1] >> 8 < v; i--) { moves[i] = moves[i - 1]; }
            moves[i] = packed;
        }

        if (p < CutoffPlies)
        {
            // a child already known to fail low proves this position without a search
            for (int i = 0; i < n; i++)
            {
                ulong child = mask | (safe & _orderCells[moves[i] & 255]);
                if (_table.TryGet(Key(opponent + child, p + 1, out _), out _, out int childUpper, out _) && childUpper < -alpha)
                {
                    Store(key, mirrored, -childUpper, alpha, _order[moves[i] & 255], 0);
                    return -childUpper;
                }
            }
        }

        long before = Nodes;
        int best = -2, bestColumn = -1;
        for (int i = 0; i < n; i++)
        {
            int o = moves[i] & 255;
            // the next child's bucket is loaded while this one is searched: the search is memory-bound
            if (i + 1 < n) { _table.Prefetch(opponent + (mask | (safe & _orderCells[moves[i + 1] & 255]))); }
            int v = -Search(opponent, mask | (safe & _orderCells[o]), p + 1, -alpha - 1);
            if (v > best)
            {
                best = v;
                bestColumn = _order[o];
            }
            if (v > alpha) { break; }
        }
        Store(key, mirrored, best, alpha, bestColumn, 64 - BitOperations.LeadingZeroCount((ulong)(Nodes - before)));
        return best;
    }

    // near the end: no table, moves from the centre out
    private int Leaf(ulong opponent, ulong mask, ulong safe, int p, int alpha)
    {
        int best = -2;
        for (int o = 0; o < _orderCells.Length; o++)
        {
            ulong m = safe & _orderCells[o];
            if (m == 0) { continue; }
            int v = -Search(opponent, mask | m, p + 1, -alpha - 1);
            if (v > best) { best = v; }
            if (v > alpha) { break; }
        }
        return best;
    }

    // a value above alpha is a lower bound proved by column; one at or below it an upper bound
    private void Store(ulong key, bool mirrored, int value, int alpha, int column, int work)
    {
        if (value > alpha) { _table.Put(key, value, 1, mirrored ? _columns - 1 - column : column, work); }
        else { _table.Put(key, -1, value, -1, work); }
    }

    // the table key of a position (current + mask); in the opening the smaller of it and its mirror image's
    private ulong Key(ulong key, int p, out bool mirrored)
    {
        mirrored = false;
        if (p >= MirrorPlies) { return key; }
        ulong image = Mirror(key);
        if (image >= key) { return key; }
        mirrored = true;
        return image;
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
