using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Matrix products in every supported operand layout against finite differences.</summary>
public sealed class MatMulGradientTests
{
    public static TheoryData<int[], int[], int[]> MatMulCases() => new()
    {
        { [3, 4], [4, 2], [3, 2] },
        { [1, 4], [4, 1], [1, 1] },
        { [2, 3, 4], [2, 4, 5], [2, 3, 5] },
        { [2, 2, 3, 4], [2, 2, 4, 2], [2, 2, 3, 2] },
        { [2, 2, 3, 4], [4, 5], [2, 2, 3, 5] },
        { [2, 3, 4], [4, 2], [2, 3, 2] },
        { [4], [4, 3], [3] },
        { [3, 4], [4], [3] },
        { [4], [4], [] },
        { [4], [2, 4, 3], [2, 3] },
        { [2, 3, 4], [4], [2, 3] },
        { [3, 4], [2, 4, 5], [2, 3, 5] },
        { [1, 3, 4], [2, 4, 5], [2, 3, 5] },
        { [2, 1, 3, 4], [3, 4, 2], [2, 3, 3, 2] },
    };

    [Theory]
    [MemberData(nameof(MatMulCases))]
    public void MatMul_matches_finite_differences(int[] sa, int[] sb, int[] expected)
    {
        var a = U(1, -1, 1, sa);
        var b = U(2, -1, 1, sb);
        Assert.Equal(expected, Ops.MatMul(a, b).ShapeArray());
        GradCheck.Assert(x => Ops.MatMul(x[0], x[1]), a, b);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulEx_matches_finite_differences_for_each_transpose_combination(bool transA, bool transB)
    {
        const int m = 3, k = 4, n = 2;
        int[] sa = transA ? [k, m] : [m, k], sb = transB ? [n, k] : [k, n];
        GradCheck.Assert(x => Ops.MatMulEx(x[0], x[1], transA, transB), U(3, -1, 1, sa), U(4, -1, 1, sb));
        GradCheck.Assert(x => Ops.MatMulEx(x[0], x[1], transA, transB), U(5, -1, 1, [2, .. sa]), U(6, -1, 1, [2, .. sb]));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMulEx_equals_MatMul_of_explicit_transposes(bool transA, bool transB)
    {
        var a = U(7, -1, 1, transA ? [2, 5, 3] : [2, 3, 5]);
        var b = U(8, -1, 1, transB ? [2, 4, 5] : [2, 5, 4]);
        var expected = Ops.MatMul(transA ? Ops.Transpose(a) : a, transB ? Ops.Transpose(b) : b).ToDoubleArray();
        var actual = Ops.MatMulEx(a, b, transA, transB).ToDoubleArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) { Assert.Equal(expected[i], actual[i], 1e-12); }
    }

    [Fact]
    public void MatMul_rejects_mismatched_inner_sizes_with_both_shapes_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ops.MatMul(Tensor.Zeros([3, 4]), Tensor.Zeros([5, 2])));
        Assert.Contains("[3, 4]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[5, 2]", ex.Message, StringComparison.Ordinal);
    }
}
