using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Games;

public sealed class ConnectFourSolverTests
{
    private static readonly ConnectFour Standard = new();

    private static SolverResult Solve(string columns) =>
        new ConnectFourSolver(Standard, 1 << 16).Solve(Standard.FromMoves([.. columns.Select(ch => ch - '1')]));

    [Fact]
    public void An_immediate_win_is_worth_one_ply_and_only_the_winning_column_is_optimal()
    {
        var r = Solve("112233"); // X holds 1-3 on the bottom row
        Assert.Equal(1, r.Value);
        Assert.Equal(1, r.PliesToEnd);
        Assert.Equal([3], r.BestMoves);
    }

    [Fact]
    public void Facing_an_open_three_on_both_ends_every_move_loses_in_two_plies()
    {
        var r = Solve("22334"); // X holds 2-4 on the bottom row, 1 and 5 open; O cannot cover both
        Assert.Equal(-1, r.Value);
        Assert.Equal(2, r.PliesToEnd);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], r.BestMoves);
    }

    [Fact]
    public void A_threat_must_be_blocked_every_other_move_loses_in_two()
    {
        var game = new ConnectFour(new ConnectFourRules { Columns = 5, Rows = 4 });
        var solver = new ConnectFourSolver(game, 1 << 16);
        var s = game.FromMoves([0, 0, 1, 1, 2]); // X holds 1-3 on the bottom row; 4 is the only block
        var r = solver.Solve(s);
        Assert.Equal([3], r.BestMoves);
        foreach (int c in new[] { 0, 1, 2, 4 })
        {
            Assert.Equal(1, solver.Solve(s.PlayColumn(c)).PliesToEnd); // X wins at once
        }
        Assert.NotEqual(1, solver.Solve(s.PlayColumn(3)).PliesToEnd);
    }

    [Fact]
    public void A_finished_game_has_its_value_and_no_moves()
    {
        var r = Solve("1212121");
        Assert.Equal(-1, r.Value);
        Assert.Equal(0, r.PliesToEnd);
        Assert.Empty(r.BestMoves);
    }

    [Theory]
    [InlineData(4, 4, 3, 0)]
    [InlineData(5, 4, 3, 3)]
    [InlineData(4, 5, 4, 6)]
    [InlineData(5, 4, 4, 6)]
    [InlineData(6, 5, 4, 16)]
    public void Scores_and_optimal_moves_agree_with_exhaustive_negamax_on_small_boards(int columns, int rows, int connect, int minPlies)
    {
        var game = new ConnectFour(new ConnectFourRules { Columns = columns, Rows = rows, ConnectLength = connect });
        var solver = new ConnectFourSolver(game, 1 << 16);
        var rng = new Rng(11);
        for (int t = 0; t < 12; t++)
        {
            var reference = new ReferenceConnect(columns, rows, connect);
            var (s, _) = RandomPlay.Position(game, reference, minPlies, rng);
            if (s.IsTerminal) { continue; }
            var r = solver.Solve(s);
            int exact = reference.Score();
            Assert.Equal(exact, r.Score);
            var optimal = new List<int>();
            for (int c = 0; c < columns; c++)
            {
                if (!reference.CanPlay(c)) { continue; }
                int mover = 1 + (reference.Plies & 1);
                reference.Play(c);
                int v = reference.HasLine(mover) ? (reference.Cells - reference.Plies) / 2 + 1 : reference.Plies == reference.Cells ? 0 : -reference.Score();
                reference.Undo(c);
                if (v == exact) { optimal.Add(c); }
            }
            Assert.Equal(optimal, r.BestMoves);
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_empty_board_is_a_first_player_win_in_41_plies_with_the_centre_the_only_winning_move()
    {
        var solver = new ConnectFourSolver(Standard);
        var empty = (ConnectFourState)Standard.Initial();
        int score = solver.Score(empty);
        Assert.Equal(1, Math.Sign(score));
        Assert.Equal(41, solver.PliesToEnd(score, 0));
    }
}
