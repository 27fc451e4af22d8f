using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Gradients of gradients (createGraph) against finite differences of the first gradient.</summary>
public sealed class SecondOrderOpTests
{
    private static readonly Dictionary<string, (Func<Tensor[], Tensor> F, Func<Tensor[]> Inputs)> Cases = new()
    {
        ["mul_broadcast"] = (x => x[0] * x[1] * x[0], () => [U(1, -1, 1, [2, 3]), U(2, -1, 1, [3])]),
        ["div"] = (x => x[0] / x[1], () => [U(3, -1, 1, [2, 3]), AwayFromZero(4, [2, 1])]),
        ["pow_scalar"] = (x => Ops.Pow(x[0], 2.5), () => [U(5, 0.3, 2, [4])]),
        ["pow_tensor"] = (x => Ops.Pow(x[0], x[1]), () => [U(6, 0.5, 2, [3, 2]), U(7, -1, 1, [2])]),
        ["sqrt"] = (x => Ops.Sqrt(x[0]), () => [U(8, 0.3, 2, [5])]),
        ["exp_log"] = (x => Ops.Exp(x[0]) + Ops.Log(x[0]), () => [U(9, 0.3, 2, [2, 2])]),
        ["tanh"] = (x => Ops.Tanh(x[0]), () => [U(10, -2, 2, [3, 2])]),
        ["sigmoid"] = (x => Ops.Sigmoid(x[0]), () => [U(11, -2, 2, [6])]),
        ["softplus"] = (x => Ops.Softplus(x[0]), () => [U(12, -3, 3, [6])]),
        ["relu_times_x"] = (x => Ops.Relu(x[0]) * x[0], () => [AwayFromZero(13, [6])]),
        ["abs_times_x"] = (x => Ops.Abs(x[0]) * Ops.Tanh(x[0]), () => [AwayFromZero(14, [6])]),
        ["maximum_of_squares"] = (x => Ops.Maximum(x[0] * x[0], x[1]), () => [U(15, -1, 1, [2, 3]), U(16, 0.2, 0.6, [3])]),
        ["max_axis_of_cube"] = (x => Ops.Max(Ops.Pow(x[0], 3), 1), () => [U(17, -1, 1, [3, 4])]),
        ["mean_sum_of_squares"] = (x => Ops.Mean(x[0] * x[0], [0, 2]) * Ops.Sum(x[0]), () => [U(18, -1, 1, [2, 3, 2])]),
        ["matmul"] = (x => Ops.Tanh(Ops.MatMul(x[0], x[1])), () => [U(19, -1, 1, [3, 4]), U(20, -1, 1, [4, 2])]),
        ["matmul_ex_tt_batched"] = (x => Ops.MatMulEx(x[0], x[1], true, true) * Ops.MatMulEx(x[0], x[1], true, true), () => [U(21, -1, 1, [2, 4, 3]), U(22, -1, 1, [2, 2, 4])]),
        ["softmax_axis0"] = (x => Ops.Softmax(x[0], 0), () => [U(23, -2, 2, [4, 3])]),
        ["log_softmax"] = (x => Ops.LogSoftmax(x[0]), () => [U(24, -2, 2, [3, 4])]),
        ["logsumexp"] = (x => Ops.LogSumExp(x[0], 1), () => [U(25, -2, 2, [3, 4])]),
        ["gather_square"] = (x => Ops.Gather(x[0] * x[0], 1, Indices(5, 4, 3, 2)), () => [U(26, -1, 1, [3, 4])]),
        ["index_select_concat"] = (x => Ops.Concat([Ops.IndexSelect(x[0], 0, [2, 0, 2]), x[0]], 0) * Ops.Concat([x[0], x[0].Slice(0, 0, 3)], 0), () => [U(27, -1, 1, [3, 2])]),
        ["where_of_products"] = (x => Ops.Where(Indices(6, 2, 2, 3), x[0] * x[1], x[1] * x[1]), () => [U(28, -1, 1, [2, 3]), U(29, -1, 1, [3])]),
        ["permute_stack"] = (x => Ops.Permute(Ops.Stack([x[0] * x[0], Ops.Exp(x[0])], 1), 2, 0, 1), () => [U(30, -1, 1, [2, 3])]),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_of_gradient_matches_finite_differences(string op)
    {
        var (f, inputs) = Cases[op];
        SecondOrderCheck.Assert(f, inputs());
    }

    [Fact]
    public void A_gradient_without_createGraph_is_a_constant()
    {
        var x = U(31, -1, 1, [3]).RequireGrad();
        var g = Autograd.Autograd.Grad(Ops.Sum(Ops.Tanh(x)), [x])[0];
        Assert.False(g.RequiresGrad);
        var gg = Autograd.Autograd.Grad(Ops.Sum(Ops.Tanh(x)), [x], createGraph: true)[0];
        Assert.True(gg.RequiresGrad);
    }
}
