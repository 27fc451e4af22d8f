using MetaRL.Statistics;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Statistics;

public sealed class TensorSummaryTests
{
    [Fact]
    public void Matches_a_naive_reference_for_random_tensors_of_each_dtype()
    {
        var rng = new System.Random(5);
        for (int n = 1; n <= 40; n += 3)
        {
            var values = Enumerable.Range(0, n).Select(_ => Math.Round(rng.NextDouble() * 200 - 100)).ToArray();
            foreach (var tensor in new[]
            {
                Tensor.FromArray(values.Select(v => (float)v).ToArray(), n),
                Tensor.FromArray(values, n),
                Tensor.FromArray(values.Select(v => (long)v).ToArray(), n),
            })
            {
                var s = TensorSummary.Of(tensor)!.Value;
                Assert.Equal(values.Min(), s.Min);
                Assert.Equal(values.Max(), s.Max);
                Assert.Equal(values.Average(), s.Mean, 12);
            }
        }
    }

    [Fact]
    public void Empty_tensor_has_no_summary() => Assert.Null(TensorSummary.Of(Tensor.Zeros([0], DType.Float64)));

    [Fact]
    public void A_NaN_anywhere_makes_every_figure_NaN()
    {
        var s = TensorSummary.Of(Tensor.FromArray(new[] { 1f, float.NaN, 3f }, 3))!.Value;
        Assert.True(double.IsNaN(s.Min) && double.IsNaN(s.Mean) && double.IsNaN(s.Max));
    }

    [Fact]
    public void Infinities_are_kept()
    {
        var s = TensorSummary.Of(Tensor.FromArray(new[] { float.NegativeInfinity, 0f, 2f }, 3))!.Value;
        Assert.Equal(double.NegativeInfinity, s.Min);
        Assert.Equal(double.NegativeInfinity, s.Mean);
        Assert.Equal(2, s.Max);
    }
}
