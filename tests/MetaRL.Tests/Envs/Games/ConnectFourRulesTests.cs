using MetaRL.Envs;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Games;

public sealed class ConnectFourRulesTests
{
    private static readonly ConnectFour Standard = new();

    private static ConnectFourState Moves(string columns) => Standard.FromMoves([.. columns.Select(ch => ch - '1')]);

    [Fact]
    public void Four_in_a_column_wins_and_ends_the_game_with_the_mover_lost()
    {
        var s = Moves("1212121");
        Assert.True(s.IsTerminal);
        Assert.True(s.PreviousMoverWon);
        Assert.Equal(-1, s.TerminalValue);
        Assert.False(s.IsLegal(2));
        var mask = new bool[7];
        s.LegalMask(mask);
        Assert.DoesNotContain(true, mask);
    }

    [Fact]
    public void Four_in_a_row_and_on_both_diagonals_win_but_three_do_not()
    {
        Assert.True(Moves("1122334").PreviousMoverWon); // bottom row 1-4
        Assert.False(Moves("112233").IsTerminal);
        // X on the rising diagonal (1,0) (2,1) (3,2) (4,3)
        Assert.True(Moves("12233434474").PreviousMoverWon);
        // the falling diagonal, mirrored: X at (7,0) (6,1) (5,2) (4,3)
        Assert.True(Moves("76655454414").PreviousMoverWon);
        Assert.False(Moves("1223343447").IsTerminal);
    }

    [Fact]
    public void A_line_does_not_wrap_from_the_top_of_one_column_to_the_bottom_of_the_next()
    {
        // X at the top of column 1 (rows 3-5) and the bottom of column 2: four in a row in a layout without the spare bit per column
        var s = Moves("21717116161");
        Assert.False(s.IsTerminal);
    }

    [Fact]
    public void A_full_column_is_illegal_and_FromMoves_names_the_move()
    {
        var full = Moves("111111");
        Assert.False(full.IsLegal(0));
        Assert.True(full.IsLegal(1));
        var ex = Assert.Throws<ArgumentException>(() => Moves("1111111"));
        Assert.Contains("move 7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 1 is full", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Standard.FromMoves([7]));
        var after = Assert.Throws<ArgumentException>(() => Moves("12121214"[..7] + "4"));
        Assert.Contains("after the game ended", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_board_without_a_line_is_a_draw()
    {
        // 3×2 connect 3: X O X under O X O
        var game = new ConnectFour(new ConnectFourRules { Columns = 3, Rows = 2, ConnectLength = 3 });
        var s = game.FromMoves([0, 1, 2, 0, 1, 2]);
        Assert.True(s.IsTerminal);
        Assert.False(s.PreviousMoverWon);
        Assert.Equal(0, s.TerminalValue);
    }

    [Fact]
    public void The_canonical_form_shows_the_movers_stones_first_whoever_moves()
    {
        var features = new float[Standard.FeatureCount];
        Moves("4").WriteCanonical(features); // O to move: X's stone at column 4 is the opponent's
        Assert.Equal(1f, features[42 + 3]);
        Assert.Equal(1f, features.Sum());
        Moves("43").WriteCanonical(features); // X to move: its own stone in plane 0, O's in plane 1 at row 0 column 3
        Assert.Equal(1f, features[3]);
        Assert.Equal(1f, features[42 + 2]);
        Assert.Equal(2f, features.Sum());
    }

    [Fact]
    public void The_mirror_symmetry_reflects_stones_and_policy_and_applying_it_twice_is_the_identity()
    {
        var features = new float[Standard.FeatureCount];
        Moves("1127").WriteCanonical(features);
        float[] policy = [0.5f, 0.2f, 0.1f, 0.1f, 0.05f, 0.05f, 0f];
        var f1 = new float[features.Length];
        var p1 = new float[7];
        Standard.Symmetry(1, features, policy, f1, p1);
        Assert.Equal([0f, 0.05f, 0.05f, 0.1f, 0.1f, 0.2f, 0.5f], p1);
        var mirrored = new float[features.Length];
        Moves("7761").WriteCanonical(mirrored);
        Assert.Equal(mirrored, f1);
        var f2 = new float[features.Length];
        var p2 = new float[7];
        Standard.Symmetry(1, f1, p1, f2, p2);
        Assert.Equal(features, f2);
        Assert.Equal(policy, p2);
    }

    [Theory]
    [InlineData(7, 6, 4)]
    [InlineData(6, 5, 4)]
    [InlineData(8, 7, 4)]
    [InlineData(5, 4, 3)]
    [InlineData(9, 5, 5)]
    public void Lines_and_winning_cells_agree_with_a_cell_array_scan_over_random_games(int columns, int rows, int connect)
    {
        var game = new ConnectFour(new ConnectFourRules { Columns = columns, Rows = rows, ConnectLength = connect });
        var rng = new Rng(7);
        for (int g = 0; g < 60; g++)
        {
            var reference = new ReferenceConnect(columns, rows, connect);
            var s = (ConnectFourState)game.Initial();
            while (!s.IsTerminal)
            {
                var legal = Enumerable.Range(0, columns).Where(s.IsLegal).ToList();
                Assert.Equal(legal, Enumerable.Range(0, columns).Where(reference.CanPlay));
                // every legal column wins at once exactly when the reference's line appears after it
                foreach (int c in legal)
                {
                    reference.Play(c);
                    bool wins = reference.HasLine(1 + (s.Plies & 1));
                    reference.Undo(c);
                    Assert.Equal(wins, s.WinsAt(c));
                }
                int move = legal[rng.NextInt(legal.Count)];
                reference.Play(move);
                s = s.PlayColumn(move);
                Assert.Equal(reference.HasLine(1 + ((s.Plies - 1) & 1)), s.PreviousMoverWon);
            }
        }
    }

    [Fact]
    public void Boards_that_do_not_fit_64_bits_and_impossible_lengths_are_refused_with_the_reason()
    {
        Assert.Contains("64-bit", Assert.Throws<EnvConfigurationException>(() => new ConnectFour(new ConnectFourRules { Columns = 9, Rows = 7 })).Message, StringComparison.Ordinal);
        Assert.Throws<EnvConfigurationException>(() => new ConnectFour(new ConnectFourRules { ConnectLength = 8 }));
        Assert.Throws<EnvConfigurationException>(() => ConnectFourRules.FromSettings(new Dictionary<string, string> { ["colums"] = "6" }));
        Assert.Equal(new ConnectFourRules { Columns = 6, Rows = 5 }, ConnectFourRules.FromSettings(new Dictionary<string, string> { ["columns"] = "6", ["rows"] = "5" }));
    }
}
