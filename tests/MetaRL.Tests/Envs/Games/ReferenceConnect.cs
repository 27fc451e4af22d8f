namespace MetaRL.Tests.Envs.Games;

/// <summary>A deliberately simple Connect Four (a cell array, lines found by scanning every cell and direction, values
/// by exhaustive negamax with a memo): the reference the bitboards and the solver are checked against.</summary>
internal sealed class ReferenceConnect(int columns, int rows, int connect)
{
    private readonly int[,] _cells = new int[columns, rows]; // 0 empty, 1 first player, 2 second
    private readonly int[] _heights = new int[columns];
    private readonly Dictionary<string, int> _memo = [];

    public int Plies { get; private set; }

    public int Cells => columns * rows;

    public bool CanPlay(int c) => _heights[c] < rows;

    public void Play(int c) => _cells[c, _heights[c]++] = 1 + (Plies++ & 1);

    public void Undo(int c)
    {
        _cells[c, --_heights[c]] = 0;
        Plies--;
    }

    public bool HasLine(int player)
    {
        (int, int)[] directions = [(1, 0), (0, 1), (1, 1), (1, -1)];
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < rows; y++)
            {
                foreach (var (dx, dy) in directions)
                {
                    int n = 0;
                    while (n < connect && x + n * dx >= 0 && x + n * dx < columns && y + n * dy >= 0 && y + n * dy < rows
                        && _cells[x + n * dx, y + n * dy] == player) { n++; }
                    if (n == connect) { return true; }
                }
            }
        }
        return false;
    }

    /// <summary>The solver's score convention: a win with ply q (1-based) of the game is (cells − q)/2 + 1 to the winner.</summary>
    public int Score()
    {
        string key = Key();
        if (_memo.TryGetValue(key, out int known)) { return known; }
        int best = int.MinValue;
        for (int c = 0; c < columns; c++)
        {
            if (!CanPlay(c)) { continue; }
            int mover = 1 + (Plies & 1);
            Play(c);
            int v = HasLine(mover) ? (Cells - Plies) / 2 + 1 : Plies == Cells ? 0 : -Score();
            Undo(c);
            best = Math.Max(best, v);
        }
        _memo[key] = best;
        return best;
    }

    private string Key()
    {
        var chars = new char[columns * rows];
        for (int x = 0; x < columns; x++)
        {
            for (int y = 0; y < rows; y++) { chars[x * rows + y] = (char)('0' + _cells[x, y]); }
        }
        return new string(chars);
    }
}
