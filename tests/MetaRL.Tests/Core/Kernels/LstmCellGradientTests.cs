using System.Numerics;
using MetaRL.Kernels;
using MetaRL.Random;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>The LSTM backward's vectorised cell-gradient kernel against its scalar twin: same bits, float and double, widths with and without a vector tail.</summary>
public sealed class LstmCellGradientTests
{
    private static void Compare<T>(int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(h);
        var g = GruGateGradientTests.Random<T>(5 * h, rng, -0.99, 0.99);
        var cp = GruGateGradientTests.Random<T>(h, rng, -2, 2);
        var dh = GruGateGradientTests.Random<T>(h, rng, -2, 2);
        var dcFast = GruGateGradientTests.Random<T>(h, rng, -2, 2);
        var dcSlow = (T[])dcFast.Clone();
        T[] daFast = new T[4 * h], daSlow = new T[4 * h];
        LstmRecurrence.CellGradients<T>(g, cp, dh, dcFast, daFast, h);
        LstmRecurrence.CellGradientsScalar<T>(g, cp, dh, dcSlow, daSlow, h);
        Assert.Equal(daSlow, daFast);
        Assert.Equal(dcSlow, dcFast);
        Assert.Contains(daFast, v => v != T.Zero);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(67)]
    public void Vectorised_cell_gradients_equal_the_scalar_twin_bit_for_bit(int hidden)
    {
        Compare<float>(hidden);
        Compare<double>(hidden);
    }
}
