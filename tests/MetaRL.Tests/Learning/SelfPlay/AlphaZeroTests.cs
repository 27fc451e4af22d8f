using MetaRL.Envs;
using MetaRL.Learning.SelfPlay;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Learning.SelfPlay;

public sealed class AlphaZeroTests
{
    private static readonly ConnectFour Small = new(new ConnectFourRules { Columns = 4, Rows = 4, ConnectLength = 3 });

    private static AlphaZeroOptions Tiny(int workers) => new()
    {
        Iterations = 1, GamesPerIteration = 4, Mcts = new MctsOptions { Simulations = 12 }, TrainSteps = 5, BatchSize = 16,
        Hidden = 16, Blocks = 1, GateGames = 2, Workers = workers,
    };

    [Fact]
    public void The_network_maps_a_batch_of_positions_to_action_logits_and_values_inside_minus_one_to_one()
    {
        var net = new PolicyValueNet(84, 7, 32, 2, new Rng(1));
        var x = Tensor.RandN([5, 84], new Rng(2));
        var (logits, value) = net.Forward(x);
        Assert.Equal([5, 7], logits.ShapeArray());
        Assert.Equal([5, 1], value.ShapeArray());
        Assert.All(value.ToFloatArray(), v => Assert.InRange(v, -1f, 1f));
        Assert.Equal(84 * 32 + 32 + 2 * 2 * (32 * 32 + 32) + 32 * 7 + 7 + 32 + 1, net.ParameterCount);
    }

    [Fact]
    public void Self_play_examples_carry_a_distribution_over_legal_moves_and_the_outcome_for_the_mover()
    {
        var net = new PolicyValueNet(Small.FeatureCount, Small.ActionCount, 16, 1, new Rng(1));
        var search = new Mcts(Small, new NetworkEvaluator(Small, net), new MctsOptions { Simulations = 20 });
        var examples = SelfPlayGame.Play(Small, search, 4, new Rng(5));
        Assert.Equal(0, examples.Count % 2); // each position and its mirror image
        Assert.All(examples, e => Assert.Equal(1f, e.Policy.Sum(), 4));
        // consecutive positions (two apart, as mirrors sit between them) belong to alternate movers: opposite outcomes
        Assert.Equal(-examples[0].Outcome, examples[2].Outcome);
        Assert.Equal(examples[0].Outcome, examples[1].Outcome);
    }

    [Fact]
    public void An_iteration_plays_trains_and_gates_and_two_runs_with_one_seed_agree_whatever_the_workers()
    {
        var one = new AlphaZero(Small, Tiny(1), new Rng(9));
        var first = one.RunIteration();
        Assert.Equal(1, first.Iteration);
        Assert.Equal(4, first.Games);
        Assert.Equal(first.NewPositions, first.WindowPositions);
        Assert.True(double.IsFinite(first.PolicyLoss) && double.IsFinite(first.ValueLoss));
        Assert.InRange(first.GateScore, 0, 1);

        var two = new AlphaZero(Small, Tiny(2), new Rng(9));
        var again = two.RunIteration();
        Assert.Equal(first with { SelfPlaySeconds = 0, TrainSeconds = 0, GateSeconds = 0 }, again with { SelfPlaySeconds = 0, TrainSeconds = 0, GateSeconds = 0 });
        Assert.Equal(one.Best.Parameters()[0].ToFloatArray(), two.Best.Parameters()[0].ToFloatArray());
    }
}
