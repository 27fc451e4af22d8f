using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Nn;

/// <summary>GRU and LSTM register their weights through one <see cref="RecurrentWeights"/>: G·H rows per matrix, every
/// entry uniform in ±1/√H, drawn weight_ih, weight_hh, bias_ih, bias_hh in that order from the caller's generator.</summary>
public sealed class RecurrentWeightsTests
{
    /// <summary>The draws the layer must make, written out with <see cref="Tensor.RandU"/>.</summary>
    private static double[][] ExpectedDraws(int input, int hidden, int gates, long seed, bool bias)
    {
        var rng = new Rng(seed);
        double k = 1.0 / Math.Sqrt(hidden);
        int rows = gates * hidden;
        var draws = new List<double[]>
        {
            Tensor.RandU([rows, input], rng, -k, k).ToDoubleArray(),
            Tensor.RandU([rows, hidden], rng, -k, k).ToDoubleArray(),
        };
        if (bias)
        {
            draws.Add(Tensor.RandU([rows], rng, -k, k).ToDoubleArray());
            draws.Add(Tensor.RandU([rows], rng, -k, k).ToDoubleArray());
        }
        return [.. draws];
    }

    private static double[][] Values(RecurrentWeights layer) =>
        [.. new[] { layer.WeightIh, layer.WeightHh, layer.BiasIh, layer.BiasHh }.OfType<Tensor>().Select(t => t.ToDoubleArray())];

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(3, false)]
    public void Given_a_seed_then_the_weights_are_the_documented_draws_in_order(int gates, bool bias)
    {
        RecurrentWeights layer = gates == 3 ? new Gru(5, 3, new Rng(11), bias) : new Lstm(5, 3, new Rng(11), bias);
        Assert.Equal(ExpectedDraws(5, 3, gates, 11, bias), Values(layer));
        Assert.Equal((5, 3), (layer.InputSize, layer.HiddenSize));
    }

    [Fact]
    public void Given_a_normalised_lstm_then_it_draws_the_weights_only_and_adds_the_norms()
    {
        var lstm = new Lstm(2, 4, new Rng(5), variant: LstmVariant.Counting);
        Assert.Equal(ExpectedDraws(2, 4, 4, 5, bias: false), Values(lstm));
        Assert.Null(lstm.BiasIh);
        Assert.Equal(["weight_ih", "weight_hh", "ln_ih_weight", "ln_ih_bias", "ln_hh_weight", "ln_hh_bias"], lstm.NamedParameters().Select(p => p.Name));
    }

    [Fact]
    public void Given_bad_sizes_or_no_generator_then_every_layer_refuses()
    {
        Assert.Throws<ArgumentNullException>(() => new Gru(2, 2, null!));
        Assert.Throws<ArgumentNullException>(() => new GruCell(2, 2, null!));
        Assert.Throws<ArgumentNullException>(() => new Lstm(2, 2, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Gru(0, 2, new Rng(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lstm(2, 0, new Rng(1)));
    }
}
