using System.Numerics;
using MetaRL.Kernels;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>The vectorised float32 exp against float64 Math.Exp.</summary>
public sealed class FastExpTests
{
    [Fact]
    public void Fast_exp_is_within_two_ulp_over_the_float_range_and_keeps_nan()
    {
        var xs = Enumerable.Range(0, 80_000).Select(i => -87f + (i * 175.3f / 80_000)).Append(0f).Append(-1e-3f).ToArray();
        int width = Vector<float>.Count;
        for (int i = 0; i + width <= xs.Length; i += width)
        {
            var y = FastExp.Exp(new Vector<float>(xs, i));
            for (int j = 0; j < width; j++)
            {
                double expected = Math.Exp(xs[i + j]);
                Assert.True(Math.Abs(y[j] - expected) <= 2.5e-7 * expected, $"exp({xs[i + j]}) = {y[j]}, expected {expected}");
            }
        }
        var nan = FastExp.Exp(new Vector<float>(float.NaN));
        Assert.True(float.IsNaN(nan[0]));
        Assert.True(FastExp.Exp(new Vector<float>(-200f))[0] < 1e-37f);
        Assert.True(float.IsFinite(FastExp.Exp(new Vector<float>(200f))[0]));
    }
}
