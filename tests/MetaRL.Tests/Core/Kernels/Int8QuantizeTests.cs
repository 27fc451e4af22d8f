using MetaRL.Kernels;
using MetaRL.Nn;
using MetaRL.Random;
using MetaRL.Serialization;
using MetaRL.Tensors;

namespace MetaRL.Tests.Core.Kernels;

public sealed class Int8QuantizeTests
{
    private static float[] Matrix(int rows, int cols, int seed)
    {
        var rng = new Rng(seed);
        var w = new float[rows * cols];
        for (int i = 0; i < w.Length; i++) { w[i] = (float)(rng.Normal() * (1 + i / cols)); }
        return w;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 13)]
    [InlineData(64, 64)]
    public void Quantize_matches_a_naive_twin_and_dequantize_is_within_half_a_step(int rows, int cols)
    {
        var w = Matrix(rows, cols, rows * 31 + cols);
        w[0] = 0;
        var q = new sbyte[w.Length];
        var scales = new float[rows];
        Int8Quantize.Quantize(w, q, scales);
        for (int r = 0; r < rows; r++)
        {
            float max = 0;
            for (int c = 0; c < cols; c++) { max = Math.Max(max, Math.Abs(w[r * cols + c])); }
            float s = max / 127;
            Assert.Equal(s, scales[r]);
            for (int c = 0; c < cols; c++)
            {
                int naive = s == 0 ? 0 : (int)Math.Clamp(Math.Round(w[r * cols + c] / s, MidpointRounding.ToEven), -127, 127);
                Assert.Equal(naive, q[r * cols + c]);
            }
        }
        var back = new float[w.Length];
        Int8Quantize.Dequantize(q, scales, back);
        for (int i = 0; i < w.Length; i++)
        {
            Assert.Equal(scales[i / cols] * q[i], back[i]);
            Assert.True(Math.Abs(w[i] - back[i]) <= scales[i / cols] / 2 * (1 + 1e-5), $"{w[i]} -> {back[i]}");
        }
    }

    [Fact]
    public void An_all_zero_row_gets_scale_zero_and_codes_zero()
    {
        var q = new sbyte[6];
        var scales = new float[2];
        Int8Quantize.Quantize([0, 0, 0, 1, -2, 0.5f], q, scales);
        Assert.Equal(0, scales[0]);
        Assert.Equal([0, 0, 0, 64, -127, 32], q.Select(v => (int)v));
    }

    [Fact]
    public void A_quantised_state_dict_survives_safetensors_and_loads_into_the_module_within_half_a_step()
    {
        var mlp = Mlp.Create([4, 32, 2], Activation.Tanh, new Rng(2));
        var quantized = Int8Weights.Quantize(mlp.StateDict());
        Assert.Equal(DType.Int8, quantized["0.weight"].DType);
        Assert.Equal(DType.Int8, quantized["0.bias"].DType);
        Assert.Equal(32, quantized["0.weight" + Int8Weights.ScaleSuffix].Numel);
        Assert.Equal(1, quantized["0.bias" + Int8Weights.ScaleSuffix].Numel);
        using var stream = new MemoryStream();
        SafeTensors.Save(stream, quantized);
        stream.Position = 0;
        var loaded = SafeTensors.Load(stream).Tensors;
        Assert.Equal(quantized["0.weight"].Data<sbyte>().ToArray(), loaded["0.weight"].Data<sbyte>().ToArray());
        var copy = Mlp.Create([4, 32, 2], Activation.Tanh, new Rng(99));
        copy.LoadStateDict(loaded);
        foreach (var (name, original) in mlp.StateDict())
        {
            var step = loaded[name + Int8Weights.ScaleSuffix].F32.ToArray();
            var restored = copy.StateDict()[name].F32.ToArray();
            int cols = original.Rank == 2 ? original.Dim(1) : original.Numel;
            for (int i = 0; i < restored.Length; i++) { Assert.True(Math.Abs(original.F32[i] - restored[i]) <= step[i / cols] / 2 * (1 + 1e-5)); }
        }
    }

    [Fact]
    public void An_int8_weight_without_its_scales_is_refused_by_name()
    {
        var mlp = Mlp.Create([4, 8, 2], Activation.Tanh, new Rng(2));
        var quantized = Int8Weights.Quantize(mlp.StateDict());
        quantized.Remove("2.weight" + Int8Weights.ScaleSuffix);
        var ex = Assert.Throws<ArgumentException>(() => mlp.LoadStateDict(quantized));
        Assert.Contains("'2.weight'", ex.Message, StringComparison.Ordinal);
    }
}
