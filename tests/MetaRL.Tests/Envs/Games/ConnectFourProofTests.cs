using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Games;

/// <summary>The weak solve (<see cref="ConnectFourSolver.Prove"/>): win, draw or loss only, checked against exhaustive
/// negamax on small boards and against the sign of the exact solver's score on the standard board.</summary>
public sealed class ConnectFourProofTests
{
    private static readonly ConnectFour Standard = new();

    [Theory]
    [InlineData(4, 4, 3, 0)]
    [InlineData(5, 4, 3, 2)]
    [InlineData(4, 5, 4, 6)]
    [InlineData(5, 4, 4, 6)]
    [InlineData(6, 5, 4, 14)]
    public void Weak_values_agree_with_exhaustive_negamax_on_small_boards(int columns, int rows, int connect, int minPlies)
    {
        var game = new ConnectFour(new ConnectFourRules { Columns = columns, Rows = rows, ConnectLength = connect });
        var solver = new ConnectFourSolver(game, 1 << 16);
        var rng = new Rng(5);
        var seen = new HashSet<int>();
        for (int t = 0; t < 16; t++)
        {
            var reference = new ReferenceConnect(columns, rows, connect);
            var (s, _) = RandomPlay.Position(game, reference, minPlies, rng);
            if (s.IsTerminal) { continue; }
            int exact = Math.Sign(reference.Score());
            Assert.Equal(exact, solver.Prove(s));
            seen.Add(exact);
        }
        Assert.True(seen.Count >= 2, $"the positions covered only value {string.Join(",", seen)}");
    }

    [Fact]
    public void Weak_values_agree_with_the_sign_of_the_exact_score_on_random_standard_positions()
    {
        var exact = new ConnectFourSolver(Standard, 1 << 20);
        var weak = new ConnectFourSolver(Standard, 1 << 16); // a small table: replacement and collisions are exercised
        var rng = new Rng(17);
        var seen = new HashSet<int>();
        for (int t = 0; t < 150; t++)
        {
            var (s, moves) = RandomPlay.Position(Standard, null, 12, rng);
            if (s.IsTerminal) { continue; }
            int sign = Math.Sign(exact.Score(s));
            Assert.Equal(sign, weak.Prove(s));
            // the mirror image has the same value (the table keys early positions by the smaller of the two)
            var mirror = Standard.FromMoves(moves.Select(c => Standard.Rules.Columns - 1 - c).ToList());
            Assert.Equal(sign, weak.Prove(mirror));
            seen.Add(sign);
        }
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void A_finished_game_and_an_immediate_win_need_no_search()
    {
        var solver = new ConnectFourSolver(Standard, 1 << 16);
        Assert.Equal(-1, solver.Prove(Standard.FromMoves([0, 1, 0, 1, 0, 1, 0])));
        Assert.Equal(1, solver.Prove(Standard.FromMoves([0, 0, 1, 1, 2, 2])));
        Assert.Equal(0, solver.Nodes);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_empty_board_is_a_first_player_win()
    {
        var solver = new ConnectFourSolver(Standard, (256L << 20) / ConnectFourSolver.ProofSlotBytes);
        Assert.Equal(1, solver.Prove((ConnectFourState)Standard.Initial()));
    }
}
