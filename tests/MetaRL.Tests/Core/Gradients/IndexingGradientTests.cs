using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Gather/scatter, index-select/add, concat/stack, slice/pad against finite differences.</summary>
public sealed class IndexingGradientTests
{
    public static TheoryData<int[], int, int> GatherCases() => new()
    {
        { [3, 4], 1, 2 },
        { [3, 4], 0, 5 },
        { [2, 3, 4], 1, 3 },
        { [2, 3, 4], -1, 1 },
        { [5], 0, 7 },
    };

    [Theory]
    [MemberData(nameof(GatherCases))]
    public void Gather_and_ScatterAdd_match_finite_differences(int[] shape, int axis, int m)
    {
        int ax = axis < 0 ? axis + shape.Length : axis;
        var indexShape = (int[])shape.Clone();
        indexShape[ax] = m;
        var index = Indices(shape.Length * 10 + m, shape[ax], indexShape);
        GradCheck.Assert(x => Ops.Gather(x[0], axis, index), U(1, -1, 1, shape));
        GradCheck.Assert(x => Ops.ScatterAdd(x[0], axis, index, shape), U(2, -1, 1, indexShape));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void IndexSelect_and_IndexAdd_match_finite_differences_with_repeated_indices(int axis)
    {
        int[] shape = [4, 3, 2];
        int ax = axis < 0 ? axis + 3 : axis;
        int[] idx = ax == 0 ? [3, 0, 3, 1, 1] : ax == 1 ? [2, 2, 0] : [1, 0, 1, 1];
        GradCheck.Assert(x => Ops.IndexSelect(x[0], axis, idx), U(3, -1, 1, shape));
        var srcShape = (int[])shape.Clone();
        srcShape[ax] = idx.Length;
        GradCheck.Assert(x => Ops.IndexAdd(x[0], axis, idx, shape[ax]), U(4, -1, 1, srcShape));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Concat_matches_finite_differences(int axis)
    {
        int ax = axis < 0 ? axis + 3 : axis;
        int[] Shape(int n) { int[] s = [2, 3, 2]; s[ax] = n; return s; }
        GradCheck.Assert(x => Ops.Concat(x, axis), U(5, -1, 1, Shape(1)), U(6, -1, 1, Shape(3)), U(7, -1, 1, Shape(2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-1)]
    public void Stack_matches_finite_differences(int axis) =>
        GradCheck.Assert(x => Ops.Stack(x, axis), U(8, -1, 1, [2, 3]), U(9, -1, 1, [2, 3]), U(10, -1, 1, [2, 3]));

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(1, 0, 3)]
    [InlineData(2, 2, 1)]
    [InlineData(-1, 1, 3)]
    public void Slice_and_PadAxis_match_finite_differences(int axis, int start, int length)
    {
        int[] shape = [3, 4, 4];
        GradCheck.Assert(x => Ops.Slice(x[0], axis, start, length), U(11, -1, 1, shape));
        int ax = axis < 0 ? axis + 3 : axis;
        var small = (int[])shape.Clone();
        small[ax] = length;
        GradCheck.Assert(x => Ops.PadAxis(x[0], axis, start, shape[ax] + 1), U(12, -1, 1, small));
    }

    [Fact]
    public void Select_and_Split_match_finite_differences()
    {
        var x = U(13, -1, 1, [3, 4]);
        GradCheck.Assert(t => Ops.Select(t[0], 1, 2) * Ops.Select(t[0], 0, 1).Slice(0, 0, 3), x);
        GradCheck.Assert(t => { var p = Ops.Split(t[0], 1, [1, 3]); return Ops.Sum(p[0], 1, keepDim: true) * p[1]; }, x);
    }
}
