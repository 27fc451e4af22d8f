namespace MetaRL.Envs;

/// <summary>
/// The exact value of a Connect Four position: a negamax search with alpha-beta pruning on bitboards (Knuth and Moore
/// 1975), moves tried from the centre outwards and, first, those that make the most threats; moves that hand the
/// opponent an immediate win are never searched; a transposition table keeps score bounds; the root narrows the
/// score window by null-window probes (iterative deepening on the distance to the end, as in MTD(f): Plaat et al. 1996).
/// A score counts how early the game ends: a win with the stone placed as ply <c>q</c> of the game is worth
/// <c>(cells − q)/2 + 1</c> to the winner (integer division; the parity of <c>q</c> is fixed for a given mover, so
/// distinct distances get distinct scores), a draw 0, a loss minus the opponent's win.
/// <see cref="Prove"/> is the weak solve: win, draw or loss only, by null-window search on values −1, 0, 1, far cheaper than the exact
/// score. Each kind of search allocates its table on first use. Not thread-safe: one solver per thread.
/// </summary>
public sealed class ConnectFourSolver
{
    /// <summary>The transposition table's default size in slots (about 80 MB).</summary>
    public const int DefaultTableSlots = 1 << 23;

    /// <summary>Bytes a slot of the exact solver's table takes.</summary>
    public const int ScoreSlotBytes = 10;

    /// <summary>Bytes a slot of the weak solver's table takes.</summary>
    public const int ProofSlotBytes = ProofTable.SlotBytes;

    private readonly ConnectFour _game;
    private readonly long _tableSlots;
    private SolverTable? _scores;
    private ProofSearch? _proof;
    private long _nodes;
    private readonly int _cells;
    private readonly int[] _order;
    private readonly ulong[] _columnCells;

    /// <summary>A solver for <paramref name="game"/>'s board whose tables have at least <paramref name="tableSlots"/> slots
    /// (<see cref="ScoreSlotBytes"/> or <see cref="ProofSlotBytes"/> bytes each; the exact solver's table holds at most
    /// 2³¹ − 1 slots).</summary>
    public ConnectFourSolver(ConnectFour game, long tableSlots = DefaultTableSlots)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentOutOfRangeException.ThrowIfLessThan(tableSlots, 1);
        _game = game;
        _cells = game.Rules.Cells;
        _tableSlots = tableSlots;
        _order = [.. game.ColumnOrder];
        _columnCells = [.. _order.Select(game.ColumnCells)];
    }

    /// <summary>Positions searched since the solver was made, by both kinds of search.</summary>
    public long Nodes => _nodes + (_proof?.Nodes ?? 0);

    /// <summary>The weak solve of <paramref name="state"/>: 1 when the player to move wins with perfect play, 0 when it
    /// is a draw, −1 when they lose (the sign of <see cref="Score"/>, without the distance to the end).</summary>
    public int Prove(ConnectFourState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _proof ??= new ProofSearch(_game, _tableSlots);
        return _proof.Prove(state);
    }

    /// <summary>The solved value of <paramref name="state"/> for the player to move, and, when asked, every optimal column.</summary>
    public SolverResult Solve(ConnectFourState state, bool bestMoves = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        int score = Score(state);
        var best = new List<int>();
        if (bestMoves && !state.IsTerminal)
        {
            foreach (int c in _game.ColumnOrder)
            {
                if (state.IsLegal(c) && IsOptimal(state, c, score)) { best.Add(c); }
            }
            best.Sort();
        }
        return new SolverResult(Math.Sign(score), PliesToEnd(score, state.Plies), score, best);
    }

    /// <summary>The exact score of <paramref name="state"/> for the player to move.</summary>
    public int Score(ConnectFourState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        _scores ??= new SolverTable((int)Math.Min(_tableSlots, int.MaxValue));
        int p = state.Plies;
        if (state.PreviousMoverWon) { return -WinScore(p); }
        if (p == _cells) { return 0; }
        for (int c = 0; c < _game.Rules.Columns; c++)
        {
            if (state.IsLegal(c) && state.WinsAt(c)) { return WinScore(p + 1); }
        }
        int min = LossBound(p + 2), max = WinBound(p + 3);
        while (min < max)
        {
            // probe nearer to 0 first: most positions are close to a draw, and a probe near 0 prunes more
            int med = min + (max - min) / 2;
            if (med <= 0 && min / 2 < med) { med = min / 2; }
            else if (med >= 0 && max / 2 > med) { med = max / 2; }
            int r = Negamax(state.Current, state.Mask, p, med, med + 1);
            if (r <= med) { max = r; }
            else { min = r; }
        }
        return min;
    }

    /// <summary>How many plies the game lasts from a position at ply <paramref name="plies"/> with <paramref name="score"/>
    /// under optimal play (the winner hurries, the loser delays).</summary>
    public int PliesToEnd(int score, int plies)
    {
        if (score == 0) { return _cells - plies; }
        // the winning stone is ply q with (cells − q)/2 + 1 = |score|; the winner's plies have the parity of plies+1 (mover
        // wins) or of plies (opponent wins)
        int s = Math.Abs(score), q = _cells - 2 * (s - 1);
        int parity = score > 0 ? (plies + 1) & 1 : plies & 1;
        if ((q & 1) != parity) { q--; }
        return q - plies;
    }

    private bool IsOptimal(ConnectFourState state, int column, int score)
    {
        if (state.WinsAt(column)) { return score == WinScore(state.Plies + 1); }
        var child = state.PlayColumn(column);
        int p = child.Plies;
        if (p == _cells) { return score == 0; }
        for (int c = 0; c < _game.Rules.Columns; c++)
        {
            if (child.IsLegal(c) && child.WinsAt(c)) { return -WinScore(p + 1) == score; }
        }
        // the child is worth at least −score to its mover (score is the best the parent can do); optimal when it is no more
        return Negamax(child.Current, child.Mask, p, -score, -score + 1) <= -score;
    }

    private int WinScore(int q) => (_cells - q) / 2 + 1;

    /// <summary>The lowest score possible when the opponent cannot win before ply <paramref name="q"/>.</summary>
    private int LossBound(int q) => q <= _cells ? -WinScore(q) : 0;

    /// <summary>The highest score possible when the mover cannot win before ply <paramref name="q"/>.</summary>
    private int WinBound(int q) => q <= _cells ? WinScore(q) : 0;

    /// <summary>Negamax with alpha-beta, fail-soft, for a position at ply <paramref name="p"/> that is not over and where
    /// the mover has no immediate win.</summary>
    private int Negamax(ulong current, ulong mask, int p, int alpha, int beta)
    {
        _nodes++;
        var g = _game;
        ulong opponent = current ^ mask;
        ulong possible = (mask + g.BottomRow) & g.BoardCells;
        ulong threats = g.WinningCells(opponent) & ~mask;
        ulong forced = possible & threats;
        if (forced != 0)
        {
            if ((forced & (forced - 1)) != 0) { return -WinScore(p + 2); } // two immediate threats: one gets through
            possible = forced;
        }
        ulong safe = possible & ~(threats >> 1); // never fill the cell under an opponent's threat
        if (safe == 0) { return -WinScore(p + 2); }
        if (p >= _cells - 2) { return 0; } // our move and theirs fill the board and neither wins

        int min = LossBound(p + 4);
        if (min >= beta) { return min; }
        int max = WinBound(p + 3);
        if (max <= alpha) { return max; }

        ulong key = current + mask;
        if (_scores!.TryGet(key, out int lo, out int hi))
        {
            if (lo >= beta) { return lo; }
            if (hi <= alpha) { return hi; }
            if (lo == hi) { return lo; }
            min = Math.Max(min, lo);
            max = Math.Min(max, hi);
        }
        alpha = Math.Max(alpha, min);
        beta = Math.Min(beta, max);
        if (alpha >= beta) { return alpha; }

        // order: most threats after the move first, ties in centre-first order (insertion sort keeps it stable)
        Span<ulong> moves = stackalloc ulong[g.Rules.Columns];
        Span<int> value = stackalloc int[g.Rules.Columns];
        int n = 0;
        for (int o = 0; o < _order.Length; o++)
        {
            ulong move = safe & _columnCells[o];
            if (move == 0) { continue; }
            int v = ConnectFour.Count(g.WinningCells(current | move) & ~(mask | move) & g.BoardCells);
            int i = n++;
            while (i > 0 && value[i - 1] < v)
            {
                moves[i] = moves[i - 1];
                value[i] = value[i - 1];
                i--;
            }
            moves[i] = move;
            value[i] = v;
        }

        int a = alpha, best = int.MinValue;
        for (int i = 0; i < n; i++)
        {
            int v = -Negamax(opponent, mask | moves[i], p + 1, -beta, -a);
            if (v > best) { best = v; }
            if (v > a) { a = v; }
            if (a >= beta) { break; }
        }
        if (best <= alpha) { _scores!.Put(key, sbyte.MinValue, best); }
        else if (best >= beta) { _scores!.Put(key, best, sbyte.MaxValue); }
        else { _scores!.Put(key, best, best); }
        return best;
    }
}

/// <summary>A solved position: <see cref="Value"/> 1 (the player to move wins), 0 (draw) or −1 (loses) with perfect
/// play, the game's remaining length in plies, the solver's score, and the optimal columns (0-based, ascending).</summary>
public sealed record SolverResult(int Value, int PliesToEnd, int Score, IReadOnlyList<int> BestMoves);
