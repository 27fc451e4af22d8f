using MetaRL.Random;

namespace MetaRL.Tests.Core.Kernels;

/// <summary>Random shapes for kernel-versus-twin comparisons, with sizes that hit both vector bodies and tails.</summary>
internal static class RandomShapes
{
    private static readonly int[] Sizes = [1, 2, 3, 5, 8, 17, 33];

    public static TheoryData<int> Seeds => new(Enumerable.Range(0, 40));

    /// <summary>A shape of rank 0–5 with at most about 6000 elements.</summary>
    public static int[] Shape(Rng rng, int minRank = 0)
    {
        int rank = rng.NextInt(minRank, 6);
        var shape = new int[rank];
        int numel = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = Sizes[rng.NextInt(Sizes.Length)];
            if (numel * shape[i] > 6000) { shape[i] = 1; }
            numel *= shape[i];
        }
        return shape;
    }

    /// <summary>Two operand shapes that broadcast to a random shape: leading axes dropped and axes set to 1 at random.</summary>
    public static (int[] A, int[] B) BroadcastPair(Rng rng)
    {
        var full = Shape(rng);
        int[] Operand() => full.Skip(rng.NextInt(0, full.Length + 1)).Select(d => rng.NextDouble() < 0.35 ? 1 : d).ToArray();
        var a = Operand();
        var b = Operand();
        return rng.NextDouble() < 0.3 ? (full, b) : (a, b);
    }

    public static float[] Values(Rng rng, int[] shape, double low = -2, double high = 2)
    {
        int n = 1;
        foreach (var d in shape) { n *= d; }
        return Enumerable.Range(0, n).Select(_ => (float)rng.Uniform(low, high)).ToArray();
    }
}
