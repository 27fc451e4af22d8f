using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Unary ops against finite differences, with inputs kept inside each op's domain and away from kinks.</summary>
public sealed class UnaryGradientTests
{
    private static readonly Dictionary<string, (Func<Tensor, Tensor> F, Func<int[], Tensor> Input)> Cases = new()
    {
        ["neg"] = (Ops.Neg, s => U(1, -2, 2, s)),
        ["sqrt"] = (Ops.Sqrt, s => U(2, 0.3, 3, s)),
        ["exp"] = (Ops.Exp, s => U(3, -2, 2, s)),
        ["log"] = (Ops.Log, s => U(4, 0.3, 3, s)),
        ["tanh"] = (Ops.Tanh, s => U(5, -2, 2, s)),
        ["sigmoid"] = (Ops.Sigmoid, s => U(6, -3, 3, s)),
        ["relu"] = (Ops.Relu, s => AwayFromZero(7, s)),
        ["softplus"] = (Ops.Softplus, s => U(8, -4, 4, s)),
        ["abs"] = (Ops.Abs, s => AwayFromZero(9, s)),
        ["clamp"] = (x => Ops.Clamp(x, -0.5, 0.8), s => AwayFrom(U(10, -2, 2, s), -0.5, 0.8)),
        ["pow_2"] = (x => Ops.Pow(x, 2), s => U(11, -2, 2, s)),
        ["pow_3_negative_base"] = (x => Ops.Pow(x, 3), s => U(12, -2, -0.2, s)),
        ["pow_half"] = (x => Ops.Pow(x, 0.5), s => U(13, 0.3, 3, s)),
        ["pow_minus_1_5"] = (x => Ops.Pow(x, -1.5), s => U(14, 0.3, 3, s)),
        ["square"] = (x => x.Square(), s => U(15, -2, 2, s)),
    };

    public static TheoryData<string, int> Names()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in Cases.Keys)
        {
            for (int rank = 0; rank <= 4; rank += 2) { data.Add(name, rank); }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Unary_op_matches_finite_differences(string op, int rank)
    {
        int[] shape = rank switch { 0 => [], 2 => [3, 4], _ => [2, 1, 3, 2] };
        var (f, input) = Cases[op];
        GradCheck.Assert(x => f(x[0]), input(shape));
    }

    [Fact]
    public void Clamp_passes_no_gradient_outside_its_range()
    {
        var x = Tensor.FromArray(new[] { -3.0, 0.1, 2.0 }, 3).RequireGrad();
        Ops.Sum(Ops.Clamp(x, -1, 1)).Backward();
        Assert.Equal(new[] { 0.0, 1.0, 0.0 }, x.Grad!.ToDoubleArray());
    }

    [Fact]
    public void Softplus_is_accurate_for_large_magnitudes()
    {
        var y = Ops.Softplus(Tensor.FromArray(new[] { -40.0, 40.0, 0.0 }, 3));
        Assert.Equal(Math.Exp(-40), y[0], 1e-25);
        Assert.Equal(40.0, y[1], 1e-12);
        Assert.Equal(Math.Log(2), y[2], 1e-15);
    }
}
