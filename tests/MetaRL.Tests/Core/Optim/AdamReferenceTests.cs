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
}
