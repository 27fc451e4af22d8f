using MetaRL.Envs;
using MetaRL.Learning.SelfPlay;
using MetaRL.Random;

namespace MetaRL.Tests.Learning.SelfPlay;

public sealed class MctsTests
{
    /// <summary>Subtraction Nim: take 1, 2 or 3 stones; whoever takes the last stone wins. A pile that is a multiple of 4
    /// is lost for the mover; from any other pile the only winning move takes pile mod 4 stones.</summary>
    private sealed class Nim : IGame
    {
        public string Name => "nim";
        public int ActionCount => 3;
        public int FeatureCount => 1;
        public int MaxPlies => 64;
        public int SymmetryCount => 1;
        public IGameState Initial() => new Pile(12, 0);
        public void Symmetry(int index, ReadOnlySpan<float> features, ReadOnlySpan<float> policy, Span<float> featuresOut, Span<float> policyOut)
        {
            features.CopyTo(featuresOut);
            policy.CopyTo(policyOut);
        }
    }

    private sealed record Pile(int Stones, int Plies) : IGameState
    {
        public int CurrentPlayer => Plies & 1;
        public bool IsTerminal => Stones == 0;
        public int TerminalValue => -1; // the previous mover took the last stone
        public bool IsLegal(int action) => action + 1 <= Stones;
        public void LegalMask(Span<bool> mask)
        {
            for (int a = 0; a < 3; a++) { mask[a] = IsLegal(a); }
        }
        public IGameState Play(int action) => IsLegal(action) ? new Pile(Stones - action - 1, Plies + 1) : throw new ArgumentException("illegal");
        public void WriteCanonical(Span<float> features) => features[0] = Stones;
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(7, 3)]
    [InlineData(9, 1)]
    [InlineData(11, 3)]
    public void Plain_mcts_finds_the_only_winning_move_of_nim(int stones, int take)
    {
        var mcts = new Mcts(new Nim(), new RolloutEvaluator(), new MctsOptions { Simulations = 3000 });
        var result = mcts.Search(new Pile(stones, 0), new Rng(3));
        Assert.Equal(take - 1, result.Choose(0, new Rng(0)));
        Assert.True(result.Value > 0, $"a won pile should look won, value {result.Value}");
    }

    [Fact]
    public void A_lost_pile_looks_lost()
    {
        var mcts = new Mcts(new Nim(), new RolloutEvaluator(), new MctsOptions { Simulations = 3000 });
        Assert.True(mcts.Search(new Pile(8, 0), new Rng(3)).Value < 0);
    }

    [Fact]
    public void Mcts_takes_an_immediate_connect_four_win_and_blocks_an_immediate_loss()
    {
        var game = new ConnectFour();
        var mcts = new Mcts(game, new RolloutEvaluator(), new MctsOptions { Simulations = 1000 });
        Assert.Equal(3, mcts.Search(game.FromMoves([0, 0, 1, 1, 2, 2]), new Rng(1)).Choose(0, new Rng(0)));
        Assert.Equal(3, mcts.Search(game.FromMoves([0, 0, 1, 1, 2]), new Rng(1)).Choose(0, new Rng(0))); // O must block column 4
    }

    [Fact]
    public void Visits_go_only_to_legal_moves_and_add_up_to_the_simulations_less_the_root()
    {
        var game = new ConnectFour();
        var mcts = new Mcts(game, new RolloutEvaluator(), new MctsOptions { Simulations = 300 });
        var r = mcts.Search(game.FromMoves([0, 0, 0, 0, 0, 0]), new Rng(2), rootNoise: true);
        Assert.Equal(0f, r.VisitCounts[0]);
        Assert.Equal(299f, r.VisitCounts.Sum());
        var p = r.Policy();
        Assert.Equal(1f, p.Sum(), 5);
        Assert.Equal(0f, p[0]);
    }

    [Fact]
    public void Temperature_zero_plays_the_most_visited_and_a_high_temperature_spreads_over_visited_moves()
    {
        var r = new MctsResult([0f, 10f, 30f, 5f], 0f);
        Assert.Equal(2, r.Choose(0, new Rng(0)));
        var rng = new Rng(4);
        var seen = new HashSet<int>();
        for (int i = 0; i < 200; i++) { seen.Add(r.Choose(1.0, rng)); }
        Assert.Equal(new HashSet<int> { 1, 2, 3 }, seen);
        var sharp = r.Policy(0.1);
        Assert.True(sharp[2] > 0.99f);
    }
}
