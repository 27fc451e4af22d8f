using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Reductions, broadcasting adjoints and softmax family against finite differences.</summary>
public sealed class ReductionGradientTests
{
    private static readonly int[] Shape4 = [2, 3, 1, 4];

    public static TheoryData<int[], bool> AxisSets()
    {
        var data = new TheoryData<int[], bool>();
        int[][] sets = [[0], [-1], [1], [2], [0, 2], [1, 3], [3, 0, 1], [0, 1, 2, 3]];
        foreach (var s in sets) { data.Add(s, true); data.Add(s, false); }
        return data;
    }

    [Theory]
    [MemberData(nameof(AxisSets))]
    public void Sum_along_axes_matches_finite_differences(int[] axes, bool keepDim) =>
        GradCheck.Assert(x => Ops.Sum(x[0], axes, keepDim), U(1, -1, 1, Shape4));

    [Theory]
    [MemberData(nameof(AxisSets))]
    public void Mean_along_axes_matches_finite_differences(int[] axes, bool keepDim) =>
        GradCheck.Assert(x => Ops.Mean(x[0], axes, keepDim), U(2, -1, 1, Shape4));

    [Theory]
    [MemberData(nameof(AxisSets))]
    public void Max_along_axes_matches_finite_differences(int[] axes, bool keepDim) =>
        GradCheck.Assert(x => Ops.Max(x[0], axes, keepDim), U(3, -1, 1, Shape4));

    [Theory]
    [InlineData(0, true)]
    [InlineData(-1, false)]
    [InlineData(1, false)]
    public void Single_axis_reductions_match_finite_differences(int axis, bool keepDim)
    {
        var x = U(4, -1, 1, [3, 4, 2]);
        GradCheck.Assert(t => Ops.Sum(t[0], axis, keepDim), x);
        GradCheck.Assert(t => Ops.Mean(t[0], axis, keepDim), x);
        GradCheck.Assert(t => Ops.Max(t[0], axis, keepDim), x);
    }

    [Fact]
    public void Full_sum_and_mean_match_finite_differences()
    {
        GradCheck.Assert(t => Ops.Sum(t[0]), U(5, -1, 1, [2, 3, 2]));
        GradCheck.Assert(t => Ops.Mean(t[0]), U(6, -1, 1, [4]));
        GradCheck.Assert(t => Ops.Sum(t[0]) * Ops.Mean(t[0]), U(7, -1, 1, []));
    }

    public static TheoryData<int[], int[]> SumToCases() => new()
    {
        { [2, 3, 4], [3, 1] },
        { [2, 3, 4], [1, 4] },
        { [2, 3, 4], [] },
        { [2, 3, 4], [2, 1, 1] },
        { [2, 3, 4], [2, 3, 4] },
        { [3, 1, 2], [1, 2] },
    };

    [Theory]
    [MemberData(nameof(SumToCases))]
    public void SumTo_and_BroadcastTo_match_finite_differences(int[] big, int[] small)
    {
        GradCheck.Assert(t => Ops.SumTo(t[0], small), U(8, -1, 1, big));
        GradCheck.Assert(t => Ops.BroadcastTo(t[0], big), U(9, -1, 1, small));
    }

    public static TheoryData<int[], int> SoftmaxCases() => new()
    {
        { [5], 0 },
        { [3, 5], -1 },
        { [3, 5], 0 },
        { [2, 3, 4], 1 },
        { [2, 3, 4], 0 },
        { [2, 1, 3, 2], 2 },
    };

    [Theory]
    [MemberData(nameof(SoftmaxCases))]
    public void Softmax_family_matches_finite_differences(int[] shape, int axis)
    {
        var x = U(10, -3, 3, shape);
        GradCheck.Assert(t => Ops.Softmax(t[0], axis), x);
        GradCheck.Assert(t => Ops.LogSoftmax(t[0], axis), x);
        GradCheck.Assert(t => Ops.LogSumExp(t[0], axis, keepDim: true), x);
        GradCheck.Assert(t => Ops.LogSumExp(t[0], axis, keepDim: false), x);
    }

    [Fact]
    public void Softmax_of_large_logits_is_finite_and_its_gradient_is_right()
    {
        var x = U(11, 500, 510, [2, 4]);
        var y = Ops.Softmax(x);
        Assert.All(y.ToDoubleArray(), v => Assert.True(double.IsFinite(v)));
        GradCheck.Assert(t => Ops.LogSoftmax(t[0]) + Ops.Softmax(t[0]), x);
    }
}
