using MetaRL.Optim;
using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Optim;

/// <summary>The vectorised SGD kernel against a naive scalar twin of PyTorch's update, in float32.</summary>
public sealed class SgdReferenceTests
{
    private static void NaiveSgd(float[] p, float[] grad, float[]? buffer, bool first, SgdOptions o, double lr)
    {
        float flr = (float)lr, wd = (float)o.WeightDecay, mu = (float)o.Momentum, keep = 1f - (float)o.Dampening;
        for (int j = 0; j < p.Length; j++)
        {
            float g = grad[j];
            if (o.WeightDecay != 0) { g = g + wd * p[j]; }
            if (buffer is not null)
            {
                buffer[j] = first ? g : mu * buffer[j] + keep * g;
                g = o.Nesterov ? g + mu * buffer[j] : buffer[j];
            }
            p[j] = p[j] - flr * g;
        }
    }

    [Theory]
    [InlineData(3, 0.0, 0.0, false, 0.0)]
    [InlineData(37, 0.0, 0.0, false, 0.01)]
    [InlineData(37, 0.9, 0.0, false, 0.0)]
    [InlineData(64, 0.9, 0.0, true, 0.01)]
    [InlineData(131, 0.5, 0.3, false, 0.02)]
    public void Vectorised_sgd_equals_the_naive_scalar_loop_bit_for_bit(int length, double momentum, double dampening, bool nesterov, double weightDecay)
    {
        var rng = new Rng(length + 100);
        var p = Tensor.RandN([length], rng);
        var reference = p.ToFloatArray();
        var options = new SgdOptions { LearningRate = 0.03, Momentum = momentum, Dampening = dampening, Nesterov = nesterov, WeightDecay = weightDecay };
        float[]? buffer = momentum != 0 ? new float[length] : null;
        var sgd = new Sgd([p], options);
        for (int t = 1; t <= 5; t++)
        {
            var g = Tensor.RandN([length], rng);
            p.Grad = g;
            sgd.Step();
            NaiveSgd(reference, g.ToFloatArray(), buffer, t == 1, options, options.LearningRate);
        }
        var actual = p.ToFloatArray();
        for (int j = 0; j < length; j++)
        {
            Assert.True(BitConverter.SingleToInt32Bits(reference[j]) == BitConverter.SingleToInt32Bits(actual[j]), $"[{j}]: {reference[j]:R} vs {actual[j]:R}");
        }
    }
}
