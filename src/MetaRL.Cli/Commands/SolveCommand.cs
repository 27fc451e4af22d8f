using System.Diagnostics;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl solve --game connect4 --moves 4453 [--json]</c>: the exact value of a position with perfect play
/// (<see cref="ConnectFourSolver"/>) for the side to move, the game's remaining length and every optimal column; with
/// <c>--weak</c> only win, draw or loss (<see cref="ConnectFourSolver.Prove"/>), which is far cheaper.</summary>
internal static class SolveCommand
{
    public static Command Create()
    {
        var game = GameArgs.GameOption();
        var rules = GameArgs.RuleOption();
        var moves = new Option<string>("--moves") { Description = "The columns played from the empty board, 1-7 from the left (e.g. 4453); empty or absent: the empty board." };
        var json = new Option<bool>("--json") { Description = "Print {\"value\": 1|0|-1 (for the side to move), \"plies_to_end\": N, \"best_moves\": [columns]}." };
        var weak = new Option<bool>("--weak") { Description = "Weak solve: only whether the side to move wins, draws or loses with perfect play (no distance, no optimal columns); far faster. JSON: {\"value\": 1|0|-1}." };
        var tableMb = new Option<int?>("--table-mb") { Description = $"Memory for the transposition table in MiB (1-{MaxTableMb}; default {ExactTableMb} for the exact solve, {WeakTableMb} with --weak); more saves re-searching in long solves." };
        var command = new Command("solve", "Solve a Connect Four position exactly: win, draw or loss for the side to move, in how many plies, and the optimal columns.")
        {
            game, rules, moves, json, weak, tableMb,
        };
        command.SetAction(parse => Run(GameArgs.Game(parse.GetValue(game)!, parse.GetValue(rules) ?? []), parse.GetValue(moves), parse.GetValue(json), parse.InvocationConfiguration.Output,
            parse.GetValue(weak), parse.GetValue(tableMb)));
        return command;
    }

    /// <summary>The tables' default sizes in MiB: the exact solver's default slots, and more for the weak solve, which is
    /// meant for the long searches of the opening.</summary>
    internal const int ExactTableMb = (int)(((long)ConnectFourSolver.DefaultTableSlots * ConnectFourSolver.ScoreSlotBytes) >> 20), WeakTableMb = 256;

    private const int MaxTableMb = 1 << 13; // 8 GiB: the largest table whose slots one .NET array holds

    internal static int Run(ConnectFour game, string? moves, bool json, TextWriter output, bool weak = false, int? tableMbSetting = null)
    {
        int tableMb = tableMbSetting ?? (weak ? WeakTableMb : ExactTableMb);
        if (tableMb < 1 || tableMb > MaxTableMb) { throw new UserInputException($"--table-mb {tableMb}: must be between 1 and {MaxTableMb}"); }
        var position = GameArgs.Position(game, moves);
        var clock = Stopwatch.StartNew();
        long bytes = (long)tableMb << 20;
        var solver = new ConnectFourSolver(game, bytes / (weak ? ConnectFourSolver.ProofSlotBytes : ConnectFourSolver.ScoreSlotBytes));
        if (weak) { return Prove(solver, position, json, output, clock, tableMb); }
        var r = Solve(() => solver.Solve(position), tableMb);
        int[] best = [.. r.BestMoves.Select(c => c + 1)];
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["value"] = r.Value, ["plies_to_end"] = r.PliesToEnd, ["best_moves"] = best }));
            return 0;
        }
        output.Write(position.Render());
        string mover = position.CurrentPlayer == 0 ? "X" : "O";
        string verdict = position.IsTerminal ? "the game is over: " + (r.Value < 0 ? $"{(mover == "X" ? "O" : "X")} won" : "a draw")
            : r.Value > 0 ? $"{mover} to move wins in {r.PliesToEnd} plies" : r.Value < 0 ? $"{mover} to move loses in {r.PliesToEnd} plies" : $"a draw ({r.PliesToEnd} plies to a full board)";
        output.WriteLine(verdict);
        if (best.Length > 0) { output.WriteLine($"optimal columns: {string.Join(", ", best)}"); }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{solver.Nodes:N0} positions searched in {clock.Elapsed.TotalSeconds:F2} s"));
        return 0;
    }

    private static int Prove(ConnectFourSolver solver, ConnectFourState position, bool json, TextWriter output, Stopwatch clock, int tableMb)
    {
        int value = Solve(() => solver.Prove(position), tableMb);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["value"] = value }));
            return 0;
        }
        output.Write(position.Render());
        string mover = position.CurrentPlayer == 0 ? "X" : "O";
        output.WriteLine(position.IsTerminal ? "the game is over: " + (value < 0 ? $"{(mover == "X" ? "O" : "X")} won" : "a draw")
            : value > 0 ? $"{mover} to move wins with perfect play" : value < 0 ? $"{mover} to move loses with perfect play" : "a draw with perfect play");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{solver.Nodes:N0} positions searched in {clock.Elapsed.TotalSeconds:F2} s (weak solve, {tableMb} MiB table)"));
        return 0;
    }

    // the tables are allocated on first use: a size the machine cannot give is the user's setting, not a crash
    private static T Solve<T>(Func<T> search, int tableMb)
    {
        try { return search(); }
        catch (OutOfMemoryException) { throw new UserInputException($"--table-mb {tableMb}: this machine cannot allocate a table that large"); }
    }
}
