using System.Diagnostics;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl solve --game connect4 --moves 4453 [--json]</c>: the exact value of a position with perfect play
/// (<see cref="ConnectFourSolver"/>) for the side to move, the game's remaining length and every optimal column.</summary>
internal static class SolveCommand
{
    public static Command Create()
    {
        var game = GameArgs.GameOption();
        var rules = GameArgs.RuleOption();
        var moves = new Option<string>("--moves") { Description = "The columns played from the empty board, 1-7 from the left (e.g. 4453); empty or absent: the empty board." };
        var json = new Option<bool>("--json") { Description = "Print {\"value\": 1|0|-1 (for the side to move), \"plies_to_end\": N, \"best_moves\": [columns]}." };
        var command = new Command("solve", "Solve a Connect Four position exactly: win, draw or loss for the side to move, in how many plies, and the optimal columns.")
        {
            game, rules, moves, json,
        };
        command.SetAction(parse => Run(GameArgs.Game(parse.GetValue(game)!, parse.GetValue(rules) ?? []), parse.GetValue(moves), parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(ConnectFour game, string? moves, bool json, TextWriter output)
    {
        var position = GameArgs.Position(game, moves);
        var clock = Stopwatch.StartNew();
        var solver = new ConnectFourSolver(game);
        var r = solver.Solve(position);
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
}
