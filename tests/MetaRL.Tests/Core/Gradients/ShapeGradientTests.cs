using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Reshape, transpose, permute, unsqueeze and squeeze against finite differences.</summary>
public sealed class ShapeGradientTests
{
    public static TheoryData<int[], int[]> ReshapeCases() => new()
    {
        { [2, 3, 4], [6, -1] },
        { [2, 3, 4], [-1] },
        { [6], [3, 1, 2] },
        { [1], [] },
        { [], [1, 1] },
    };

    [Theory]
    [MemberData(nameof(ReshapeCases))]
    public void Reshape_matches_finite_differences(int[] from, int[] to) =>
        GradCheck.Assert(x => Ops.Reshape(x[0], to) * Ops.Reshape(x[0], to), U(1, -1, 1, from));

    public static TheoryData<int[]> Perms() => new() { new[] { 0 }, new[] { 1, 0 }, new[] { 2, 0, 1 }, new[] { 3, 1, 0, 2 }, new[] { 0, 1, 3, 2 } };

    [Theory]
    [MemberData(nameof(Perms))]
    public void Permute_matches_finite_differences(int[] perm)
    {
        int[] shape = new[] { 2, 3, 1, 4 }[..perm.Length];
        GradCheck.Assert(x => Ops.Permute(x[0], perm), U(2, -1, 1, shape));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-1, -3)]
    [InlineData(1, 2)]
    public void Transpose_matches_finite_differences(int a0, int a1) =>
        GradCheck.Assert(x => Ops.Transpose(x[0], a0, a1), U(3, -1, 1, [2, 3, 4]));

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void Unsqueeze_then_squeeze_matches_finite_differences(int axis)
    {
        GradCheck.Assert(x => Ops.Unsqueeze(x[0], axis) * 2.0, U(4, -1, 1, [3, 2]));
        GradCheck.Assert(x => Ops.Squeeze(x[0], axis) * 2.0, U(5, -1, 1, axis == 0 ? [1, 3, 2] : axis == 2 ? [3, 2, 1] : [3, 2, 1]));
    }

    [Fact]
    public void Shape_ops_compose_with_arithmetic_under_finite_differences() =>
        GradCheck.Assert(
            x => Ops.Tanh(Ops.Permute(Ops.Reshape(x[0], 2, 3, 2), 2, 0, 1) * Ops.Unsqueeze(x[1], -1)),
            U(6, -1, 1, [12]), U(7, -1, 1, [2, 1]));
}
