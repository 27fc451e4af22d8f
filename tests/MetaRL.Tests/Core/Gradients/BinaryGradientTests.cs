using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;
using static MetaRL.Tests.Core.Gradients.GradInputs;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Broadcasting binary ops against finite differences on random shapes of rank 0–4.</summary>
public sealed class BinaryGradientTests
{
    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Add_matches_finite_differences_under_broadcasting(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        GradCheck.Assert(x => Ops.Add(x[0], x[1]), U(seed, -1, 1, sa), U(seed + 50, -1, 1, sb));
    }

    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Sub_matches_finite_differences_under_broadcasting(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        GradCheck.Assert(x => Ops.Sub(x[0], x[1]), U(seed, -1, 1, sa), U(seed + 50, -1, 1, sb));
    }

    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Mul_matches_finite_differences_under_broadcasting(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        GradCheck.Assert(x => Ops.Mul(x[0], x[1]), U(seed, -1, 1, sa), U(seed + 50, -1, 1, sb));
    }

    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Div_matches_finite_differences_under_broadcasting(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        GradCheck.Assert(x => Ops.Div(x[0], x[1]), U(seed, -1, 1, sa), AwayFromZero(seed + 50, sb));
    }

    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Pow_of_two_tensors_matches_finite_differences_under_broadcasting(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        GradCheck.Assert(x => Ops.Pow(x[0], x[1]), U(seed, 0.5, 2, sa), U(seed + 50, -1.5, 1.5, sb));
    }

    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Maximum_and_minimum_match_finite_differences_away_from_ties(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        var a = U(seed, -1, 1, sa);
        var b = U(seed + 50, -1, 1, sb);
        Assert.True(MinGap(a, b) > 1e-4, "inputs must not (nearly) tie");
        GradCheck.Assert(x => Ops.Maximum(x[0], x[1]), a, b);
        GradCheck.Assert(x => Ops.Minimum(x[0], x[1]), a, b);
    }

    [Theory]
    [MemberData(nameof(GradInputs.Seeds), MemberType = typeof(GradInputs))]
    public void Where_matches_finite_differences_with_a_broadcast_condition(int seed)
    {
        var (sa, sb) = BroadcastPair(seed);
        var full = ShapeUtil.Broadcast(sa, sb);
        var cond = Indices(seed + 7, 2, full.Select((d, i) => i % 2 == 0 ? d : 1).ToArray());
        GradCheck.Assert(x => Ops.Where(cond, x[0], x[1]), U(seed, -1, 1, sa), U(seed + 50, -1, 1, sb));
    }

    [Fact]
    public void Tensor_operators_with_scalars_match_finite_differences()
    {
        var x = AwayFromZero(3, [2, 3]);
        GradCheck.Assert(t => (2.5 - t[0]) * 3.0 + t[0] / 4.0 - 1.5 + (0.7 / t[0]) + (-t[0]), x);
        GradCheck.Assert(t => Ops.RDivScalar(2, t[0]) + Ops.RSubScalar(1, t[0]) + Ops.AddScalar(t[0], 3) + Ops.MulScalar(t[0], -2) + Ops.Neg(t[0]), x);
    }

    [Fact]
    public void An_input_used_twice_accumulates_both_paths()
    {
        GradCheck.Assert(t => t[0] * t[0] + Ops.Tanh(t[0]) * t[1], U(1, -1, 1, [3, 2]), U(2, -1, 1, [2]));
    }
}
