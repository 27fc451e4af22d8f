using System.Numerics;
using MetaRL.Kernels;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>
/// The GRU backward's vectorised gate-gradient kernel against its scalar twin (same bits, float and double,
/// widths with and without a vector tail), and the per-thread ∂gh scratch it writes into.
/// </summary>
public sealed class GruGateGradientTests
{
    /// <summary>n values uniform in [lo, hi) (shared with the LSTM kernel tests).</summary>
    internal static T[] Random<T>(int n, Rng rng, double lo, double hi)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        [.. Enumerable.Range(0, n).Select(_ => T.CreateChecked(lo + ((hi - lo) * rng.NextDouble())))];

    private static void Compare<T>(int h, bool wantGi)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(h);
        var g = Random<T>(4 * h, rng, 0.01, 0.99);
        var hp = Random<T>(h, rng, -1, 1);
        var d = Random<T>(h, rng, -2, 2);
        T[] fastPrev = new T[h], slowPrev = new T[h], fastGh = new T[3 * h], slowGh = new T[3 * h];
        T[] fastGi = wantGi ? new T[3 * h] : [], slowGi = wantGi ? new T[3 * h] : [];
        GruRecurrence.GateGradients<T>(g, hp, d, fastPrev, fastGh, fastGi, h);
        GruRecurrence.GateGradientsScalar<T>(g, hp, d, slowPrev, slowGh, slowGi, h);
        Assert.Equal(slowPrev, fastPrev);
        Assert.Equal(slowGh, fastGh);
        Assert.Equal(slowGi, fastGi);
        Assert.Contains(fastGh, v => v != T.Zero);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(64)]
    [InlineData(67)]
    public void Vectorised_gate_gradients_equal_the_scalar_twin_bit_for_bit(int hidden)
    {
        Compare<float>(hidden, wantGi: true);
        Compare<float>(hidden, wantGi: false);
        Compare<double>(hidden, wantGi: true);
        Compare<double>(hidden, wantGi: false);
    }

    [Fact]
    public void Reused_backward_scratch_does_not_carry_values_between_passes_of_different_sizes()
    {
        // A large backward leaves its ∂gh in the thread's scratch; a smaller one must give the same gradients
        // as on a thread that never ran the large one.
        var rng = new Rng(3);
        Tensor[] Small() => [Tensor.RandU([5, 3, 12], new Rng(8), -1, 1).RequireGrad(), Tensor.RandU([3, 4], new Rng(9), -1, 1).RequireGrad(), Tensor.RandU([12, 4], new Rng(10), -0.5, 0.5).RequireGrad()];
        float[][] Grads(Tensor[] x) =>
            [.. Autograd.Autograd.Grad(Ops.Sum(Ops.GruSequence(x[0], x[1], x[2])), x).Select(t => t.ToFloatArray())];
        float[][]? fresh = null;
        var thread = new Thread(() => fresh = Grads(Small()));
        thread.Start();
        thread.Join();
        var big = new[] { Tensor.RandU([40, 20, 48], rng, -1, 1).RequireGrad(), Tensor.RandU([20, 16], rng, -1, 1).RequireGrad(), Tensor.RandU([48, 16], rng, -0.5, 0.5).RequireGrad() };
        _ = Grads(big);
        var reused = Grads(Small());
        Assert.NotNull(fresh);
        for (int k = 0; k < reused.Length; k++) { Assert.Equal(fresh![k], reused[k]); }
    }
}
