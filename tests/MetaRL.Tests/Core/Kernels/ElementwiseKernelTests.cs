using MetaRL.Kernels;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>The broadcasting binary kernels against <see cref="ElementwiseReference"/> in float32.
/// Add, sub, mul, div, max, min and the ≥ mask are single IEEE operations, so they must agree exactly;
/// pow goes through different exp/log code paths and may differ by 2·10⁻⁶ relative.</summary>
public sealed class ElementwiseKernelTests
{
    private static void Compare<TK>(int seed, Func<float, float, float> op, double rtol, double low = -2, double high = 2)
        where TK : IBinaryKernel
    {
        var rng = new Rng(seed);
        var (sa, sb) = RandomShapes.BroadcastPair(rng);
        var a = RandomShapes.Values(rng, sa, low, high);
        var b = RandomShapes.Values(rng, sb, low, high);
        var expected = ElementwiseReference.Binary(a, sa, b, sb, op, out var shape);
        var actual = Elementwise.Binary<TK>(Tensor.FromArray(a, sa), Tensor.FromArray(b, sb));
        Assert.Equal(shape, actual.ShapeArray());
        var got = actual.F32;
        for (int i = 0; i < expected.Length; i++)
        {
            double tol = rtol * Math.Abs(expected[i]);
            Assert.True(Math.Abs(got[i] - expected[i]) <= tol,
                $"{typeof(TK).Name} {ShapeUtil.Format(sa)}∘{ShapeUtil.Format(sb)} element {i}: {got[i]} vs {expected[i]}");
        }
    }

    [Theory]
    [MemberData(nameof(RandomShapes.Seeds), MemberType = typeof(RandomShapes))]
    public void Arithmetic_kernels_match_their_naive_twin(int seed)
    {
        Compare<AddKernel>(seed, (x, y) => x + y, 0);
        Compare<SubKernel>(seed, (x, y) => x - y, 0);
        Compare<MulKernel>(seed, (x, y) => x * y, 0);
        Compare<DivKernel>(seed, (x, y) => x / y, 0, 0.5, 2);
    }

    [Theory]
    [MemberData(nameof(RandomShapes.Seeds), MemberType = typeof(RandomShapes))]
    public void Comparison_and_pow_kernels_match_their_naive_twin(int seed)
    {
        Compare<MaxKernel>(seed, MathF.Max, 0);
        Compare<MinKernel>(seed, MathF.Min, 0);
        Compare<GreaterEqualKernel>(seed, (x, y) => x >= y ? 1f : 0f, 0);
        Compare<PowKernel>(seed, MathF.Pow, 2e-6, 0.5, 2);
    }

    [Fact]
    public void Broadcast_to_materialises_like_the_twin()
    {
        var rng = new Rng(5);
        for (int t = 0; t < 30; t++)
        {
            var (small, _) = RandomShapes.BroadcastPair(rng);
            var big = small.Select(d => d == 1 ? rng.NextInt(1, 4) : d).Prepend(2).ToArray();
            var x = RandomShapes.Values(rng, small);
            var wide = ElementwiseReference.Binary(x, small, new float[big.Aggregate(1, (p, q) => p * q)], big, (p, _) => p, out _);
            Assert.Equal(wide, Ops.BroadcastTo(Tensor.FromArray(x, small), big).F32.ToArray());
        }
    }
}
