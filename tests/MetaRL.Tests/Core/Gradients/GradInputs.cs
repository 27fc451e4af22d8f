using MetaRL.Random;
using MetaRL.Tensors;
using MetaRL.Tests.TestSupport;

namespace MetaRL.Tests.Core.Gradients;

/// <summary>Inputs for gradient checks: random broadcast-compatible shapes and values kept away from kinks.</summary>
internal static class GradInputs
{
    /// <summary>A random output shape of rank 1–4 (sizes 1–3) and two operand shapes that broadcast to it:
    /// leading axes dropped and axes set to 1 at random; seeds 0 and 1 make one operand a scalar.</summary>
    public static (int[] A, int[] B) BroadcastPair(int seed)
    {
        var rng = new Rng(1000 + seed);
        int rank = 1 + (seed % 4);
        var full = Enumerable.Range(0, rank).Select(_ => rng.NextInt(1, 4)).ToArray();
        int[] Operand()
        {
            int drop = rng.NextInt(0, rank);
            return full.Skip(drop).Select(d => rng.NextDouble() < 0.3 ? 1 : d).ToArray();
        }
        var a = Operand();
        var b = Operand();
        // Make sure at least one operand has the full shape so the output is `full`.
        if (rng.NextDouble() < 0.5) { a = (int[])full.Clone(); } else { b = (int[])full.Clone(); }
        return seed switch
        {
            0 => ([], b),
            1 => (a, []),
            _ => (a, b),
        };
    }

    /// <summary>Seeds for <see cref="BroadcastPair"/> used by the theories.</summary>
    public static TheoryData<int> Seeds => new(Enumerable.Range(0, 10));

    /// <summary>Uniform values in [low, high) of the given shape.</summary>
    public static Tensor U(int seed, double low, double high, int[] shape) => GradCheck.Rand(seed, low, high, shape);

    /// <summary>Uniform values in ±[0.2, 1.5): away from zero, where sign/abs/relu have kinks.</summary>
    public static Tensor AwayFromZero(int seed, int[] shape)
    {
        var t = U(seed, 0.2, 1.5, shape);
        var signs = new Rng(seed + 77);
        var d = t.F64;
        for (int i = 0; i < d.Length; i++) { if (signs.NextDouble() < 0.5) { d[i] = -d[i]; } }
        return t;
    }

    /// <summary>Shifts any value within 0.05 of a kink by 0.1, so finite differences never straddle it.</summary>
    public static Tensor AwayFrom(Tensor t, params double[] kinks)
    {
        var d = t.F64;
        for (int i = 0; i < d.Length; i++)
        {
            foreach (var k in kinks) { if (Math.Abs(d[i] - k) < 0.05) { d[i] = k + (d[i] >= k ? 0.1 : -0.1); } }
        }
        return t;
    }

    /// <summary>Random Int32 indices in [0, size) of the given shape (duplicates likely, which exercises accumulation).</summary>
    public static Tensor Indices(int seed, int size, params int[] shape)
    {
        var rng = new Rng(seed);
        var data = new int[ShapeUtil.Numel(shape)];
        for (int i = 0; i < data.Length; i++) { data[i] = rng.NextInt(size); }
        return Tensor.FromArray(data, shape);
    }

    /// <summary>The smallest |a − b| over the broadcast of two float64 tensors (to prove inputs avoid ties).</summary>
    public static double MinGap(Tensor a, Tensor b)
    {
        using var _ = Autograd.Autograd.NoGrad();
        var d = Ops.Abs(Ops.Sub(a.Detach(), b.Detach()));
        return d.ToDoubleArray().DefaultIfEmpty(double.PositiveInfinity).Min();
    }
}
