using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Optim;

/// <summary>The vectorised Adam kernel against a naive scalar twin that follows PyTorch's for-loop Adam
/// operation by operation, in float32 (lengths chosen to exercise both the vector body and the tail).</summary>
public sealed class AdamReferenceTests
{
    private static void NaiveAdam(float[] p, float[] g, float[] m, float[] v, int t, AdamOptions o, double lr)
    {
        double bc1 = 1 - Math.Pow(o.Beta1, t), bc2 = 1 - Math.Pow(o.Beta2, t);
        float stepSize = (float)(lr / bc1), sqrtBc2 = (float)Math.Sqrt(bc2);
        float b1 = (float)o.Beta1, b2 = (float)o.Beta2, eps = (float)o.Epsilon, wd = (float)o.WeightDecay, flr = (float)lr;
        for (int j = 0; j < p.Length; j++)
        {
            if (o.Decoupled) { p[j] *= 1f - flr * wd; }
            float gj = o.Decoupled || o.WeightDecay == 0 ? g[j] : g[j] + wd * p[j];
            m[j] = b1 * m[j] + (1f - b1) * gj;
            v[j] = b2 * v[j] + (1f - b2) * gj * gj;
            float denom = MathF.Sqrt(v[j]) / sqrtBc2 + eps;
            p[j] -= stepSize * (m[j] / denom);
        }
    }

    [Theory]
    [InlineData(1, false, 0.0)]
    [InlineData(37, false, 0.0)]
    [InlineData(37, false, 0.05)]
    [InlineData(64, true, 0.05)]
    [InlineData(131, true, 0.01)]
    public void Vectorised_adam_equals_the_naive_scalar_loop_bit_for_bit(int length, bool decoupled, double weightDecay)
    {
        var rng = new Rng(length);
        var p = Tensor.RandN([length], rng);
        var reference = p.ToFloatArray();
        var m = new float[length];
        var v = new float[length];
        var options = new AdamOptions { LearningRate = 0.01, WeightDecay = weightDecay, Decoupled = decoupled, Epsilon = 1e-5 };
        var adam = new Adam([p], options);
        for (int t = 1; t <= 6; t++)
        {
            var g = Tensor.RandN([length], rng);
            p.Grad = g;
            adam.Step();
            NaiveAdam(reference, g.ToFloatArray(), m, v, t, options, options.LearningRate);
        }
        var actual = p.ToFloatArray();
        for (int j = 0; j < length; j++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(reference[j]) == BitConverter.SingleToInt32Bits(actual[j]), $"[{j}]: {reference[j]:R} vs {actual[j]:R}");
        }
    }

    /// <summary>The fused kernel's naive twin in double: the same formula, element by element.</summary>
    private static void NaiveAdam(double[] p, double[] g, double[] m, double[] v, int t, AdamOptions o)
    {
        double bc1 = 1 - Math.Pow(o.Beta1, t), bc2 = 1 - Math.Pow(o.Beta2, t);
        double stepSize = o.LearningRate / bc1, sqrtBc2 = Math.Sqrt(bc2), b1 = o.Beta1, b2 = o.Beta2, wd = o.WeightDecay;
        for (int j = 0; j < p.Length; j++)
        {
            if (o.Decoupled) { p[j] *= 1 - o.LearningRate * wd; }
            double gj = o.Decoupled || wd == 0 ? g[j] : g[j] + wd * p[j];
            m[j] = b1 * m[j] + (1 - b1) * gj;
            v[j] = b2 * v[j] + (1 - b2) * gj * gj;
            p[j] -= stepSize * (m[j] / (Math.Sqrt(v[j]) / sqrtBc2 + o.Epsilon));
        }
    }

    public static TheoryData<int, bool, double> KernelCases()
    {
        var data = new TheoryData<int, bool, double>();
        // Lengths around the vector-body and scalar-tail boundaries of both precisions.
        foreach (int n in new[] { 0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 47, 63, 64, 65, 1000 })
        {
            data.Add(n, false, 0.0);
            data.Add(n, false, 0.05);
            data.Add(n, true, 0.01);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(KernelCases))]
    public void Fused_float32_kernel_equals_its_naive_twin_bit_for_bit(int length, bool decoupled, double weightDecay) =>
        KernelEqualsTwin<float>(1000 + length, length, decoupled, weightDecay, static (p, g, m, v, t, o) => NaiveAdam(p, g, m, v, t, o, o.LearningRate));

    [Theory]
    [MemberData(nameof(KernelCases))]
    public void Fused_float64_kernel_equals_its_naive_twin_bit_for_bit(int length, bool decoupled, double weightDecay) =>
        KernelEqualsTwin<double>(2000 + length, length, decoupled, weightDecay, NaiveAdam);

    /// <summary>Five steps of the fused kernel against five of <paramref name="naive"/> from the same start; parameters and
    /// both moments compared as bytes.</summary>
    private static void KernelEqualsTwin<T>(int seed, int length, bool decoupled, double weightDecay, Action<T[], T[], T[], T[], int, AdamOptions> naive)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        var options = new AdamOptions { LearningRate = 3e-3, WeightDecay = weightDecay, Decoupled = decoupled, Epsilon = 1e-7 };
        var (p, g) = (new T[length], new T[length]);
        for (int j = 0; j < length; j++) { p[j] = T.CreateChecked(rng.Normal()); }
        var (m, v, pRef, mRef, vRef) = (new T[length], new T[length], (T[])p.Clone(), new T[length], new T[length]);
        for (int t = 1; t <= 5; t++)
        {
            for (int j = 0; j < length; j++) { g[j] = T.CreateChecked(rng.Normal()); }
            var s = new MetaRL.Kernels.AdamScalars<T>(options.Beta1, options.Beta2, options.LearningRate, options.WeightDecay, options.Decoupled, options.Epsilon, t);
            MetaRL.Kernels.AdamStep.Update<T>(p, g, m, v, in s);
            naive(pRef, g, mRef, vRef, t, options);
        }
        static byte[] Bits(T[] x) => System.Runtime.InteropServices.MemoryMarshal.AsBytes(x.AsSpan()).ToArray();
        Assert.Equal(Bits(pRef), Bits(p));
        Assert.Equal(Bits(mRef), Bits(m));
        Assert.Equal(Bits(vRef), Bits(v));
    }

    [Fact]
    public void One_step_over_mixed_parameters_updates_each_as_its_own_kernel_call_would()
    {
        // Several buffers of different lengths and both precisions, some without a gradient, in one Step.
        var rng = new Rng(77);
        Tensor[] ps = [Tensor.RandN([5, 7], rng), Tensor.RandN([3], rng), Tensor.RandN([40], rng, DType.Float64), Tensor.RandN([2, 2], rng)];
        var before = ps.Select(t => t.ToDoubleArray()).ToArray();
        var options = new AdamOptions { LearningRate = 0.01, Epsilon = 1e-6 };
        var adam = new Adam(ps, options);
        var grads = new[] { Tensor.RandN([5, 7], rng), null, Tensor.RandN([40], rng, DType.Float64), Tensor.RandN([2, 2], rng) };
        for (int i = 0; i < ps.Length; i++) { ps[i].Grad = grads[i]; }
        adam.Step();
        for (int i = 0; i < ps.Length; i++)
        {
            var actual = ps[i].ToDoubleArray();
            if (grads[i] is null) { Assert.Equal(before[i], actual); continue; }
            if (ps[i].DType == DType.Float32)
            {
                var p = before[i].Select(x => (float)x).ToArray();
                NaiveAdam(p, grads[i]!.ToFloatArray(), new float[p.Length], new float[p.Length], 1, options, options.LearningRate);
                Assert.Equal(p.Select(x => (double)x).ToArray(), actual);
            }
            else
            {
                var p = (double[])before[i].Clone();
                NaiveAdam(p, grads[i]!.ToDoubleArray(), new double[p.Length], new double[p.Length], 1, options);
                Assert.Equal(p, actual);
            }
        }
    }
}
