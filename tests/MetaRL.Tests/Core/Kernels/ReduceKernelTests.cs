using MetaRL.Kernels;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>Reduce.Sum/Max, softmax/log-softmax rows and Permute against <see cref="ReduceReference"/> in float32.
/// Max and Permute move values, so they must agree exactly; sums may differ by float32 rounding of a different
/// order, bounded by 1e-6·Σ|x|; softmax by 1e-6 absolute + 1e-5 relative to the double-precision twin.</summary>
public sealed class ReduceKernelTests
{
    [Theory]
    [MemberData(nameof(RandomShapes.Seeds), MemberType = typeof(RandomShapes))]
    public void Sum_and_max_along_an_axis_match_their_naive_twin(int seed)
    {
        var rng = new Rng(seed + 100);
        var shape = RandomShapes.Shape(rng, minRank: 1);
        var x = RandomShapes.Values(rng, shape);
        int axis = rng.NextInt(shape.Length);
        var (outer, size, inner) = ShapeUtil.Split(shape, axis);

        var sum = new float[outer * inner];
        Reduce.Sum<float>(x, sum, outer, size, inner);
        var expectedSum = ReduceReference.Sum(x, outer, size, inner);
        var absSum = ReduceReference.Sum(x.Select(Math.Abs).ToArray(), outer, size, inner);
        for (int i = 0; i < sum.Length; i++) { Assert.True(Math.Abs(sum[i] - expectedSum[i]) <= 1e-6 * absSum[i] + 1e-7, $"sum {i}: {sum[i]} vs {expectedSum[i]}"); }

        var max = new float[outer * inner];
        var arg = new int[outer * inner];
        Reduce.Max<float>(x, max, arg, outer, size, inner);
        var (expectedMax, expectedArg) = ReduceReference.Max(x, outer, size, inner);
        Assert.Equal(expectedMax, max);
        Assert.Equal(expectedArg, arg);
    }

    [Fact]
    public void Max_reports_the_first_of_tied_maxima()
    {
        var x = new float[] { 1, 3, 3, 0, 2, 2 };
        var max = new float[2];
        var arg = new int[2];
        Reduce.Max<float>(x, max, arg, 2, 3, 1);
        Assert.Equal(new[] { 1, 1 }, arg);
        Assert.Equal(new[] { 3f, 2f }, max);
    }

    [Theory]
    [MemberData(nameof(RandomShapes.Seeds), MemberType = typeof(RandomShapes))]
    public void Softmax_and_log_softmax_rows_match_their_naive_twin(int seed)
    {
        var rng = new Rng(seed + 200);
        var shape = RandomShapes.Shape(rng, minRank: 1);
        var x = RandomShapes.Values(rng, shape, -8, 8);
        int n = shape[^1];
        foreach (var log in new[] { false, true })
        {
            var t = Tensor.FromArray(x, shape);
            var got = (log ? Ops.LogSoftmax(t) : Ops.Softmax(t)).F32;
            var expected = ReduceReference.SoftmaxRows(x, n, log);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(got[i] - expected[i]) <= 1e-6 + 1e-5 * Math.Abs(expected[i]), $"{(log ? "log-" : "")}softmax {i}: {got[i]} vs {expected[i]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(RandomShapes.Seeds), MemberType = typeof(RandomShapes))]
    public void Permute_matches_its_naive_twin(int seed)
    {
        var rng = new Rng(seed + 300);
        var shape = RandomShapes.Shape(rng, minRank: 1);
        var perm = Enumerable.Range(0, shape.Length).ToArray();
        rng.Shuffle(perm.AsSpan());
        var x = RandomShapes.Values(rng, shape);
        var y = Ops.Permute(Tensor.FromArray(x, shape), perm);
        Assert.Equal(perm.Select(p => shape[p]).ToArray(), y.ShapeArray());
        Assert.Equal(ReduceReference.Permute(x, shape, perm), y.F32.ToArray());
    }
}
