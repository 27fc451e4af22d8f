using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core;

public sealed class OpGradientTests
{
    [Fact]
    public void Add_with_row_broadcast_matches_finite_differences() =>
        GradCheck.Assert(x => x[0] + x[1], GradCheck.Rand(1, -1, 1, 3, 4), GradCheck.Rand(2, -1, 1, 4));

    [Fact]
    public void Mul_with_column_broadcast_matches_finite_differences() =>
        GradCheck.Assert(x => x[0] * x[1], GradCheck.Rand(1, -1, 1, 2, 3, 4), GradCheck.Rand(2, -1, 1, 3, 1));

    [Fact]
    public void Div_matches_finite_differences() =>
        GradCheck.Assert(x => x[0] / x[1], GradCheck.Rand(1, -1, 1, 3, 4), GradCheck.Rand(2, 0.5, 2, 1, 4));

    [Fact]
    public void Tanh_of_matmul_matches_finite_differences() =>
        GradCheck.Assert(x => Ops.Tanh(Ops.MatMul(x[0], x[1])), GradCheck.Rand(1, -1, 1, 3, 5), GradCheck.Rand(2, -1, 1, 5, 2));

    [Fact]
    public void LogSoftmax_matches_finite_differences() =>
        GradCheck.Assert(x => Ops.LogSoftmax(x[0]), GradCheck.Rand(3, -2, 2, 4, 5));
}
