using System.Numerics.Tensors;
using MetaRL.Kernels;
using MetaRL.Nn;
using MetaRL.Tensors;

namespace MetaRL.Learning;

/// <summary>
/// The forward pass of a <see cref="Sequential"/> of <see cref="Linear"/> and <see cref="ActivationLayer"/>
/// layers on float32 spans into buffers kept between calls. Each step calls the very kernels the tensor
/// ops call, on spans of the same shapes (<see cref="Ops.Linear"/>: bias rows then one accumulating
/// <see cref="MatMul.Gemm(bool, bool, int, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, bool)"/>
/// with a transposed weight; activations: one <see cref="TensorPrimitives"/> call over the whole
/// [rows, width] block), so results are bit-identical to <see cref="Sequential.Forward"/>.
/// </summary>
internal sealed class MlpInference
{
    private readonly Layer[] _layers;
    private readonly int[] _widths;
    private float[][] _buffers = [];
    private int _rows = -1;

    private MlpInference(Layer[] layers, int[] widths)
    {
        _layers = layers;
        _widths = widths;
    }

    /// <summary>Width of the last layer's output.</summary>
    public int OutputSize => _widths[^1];

    /// <summary>The plan for <paramref name="net"/>, or null when it holds a layer this path does not know.</summary>
    public static MlpInference? TryCreate(Sequential net, int inputSize)
    {
        var layers = net.Layers.ToArray();
        var widths = new int[layers.Length];
        int width = inputSize;
        for (int i = 0; i < layers.Length; i++)
        {
            switch (layers[i])
            {
                case Linear l when l.InFeatures == width: width = l.OutFeatures; break;
                case ActivationLayer: break;
                default: return null;
            }
            widths[i] = width;
        }
        return layers.Length == 0 ? null : new MlpInference(layers, widths);
    }

    /// <summary>True when every parameter as resolved now (fast weights included) is float32.</summary>
    public bool ParametersAreFloat32()
    {
        foreach (var layer in _layers)
        {
            if (layer is not Linear l) { continue; }
            if (Functional.Resolve(l.Weight).DType != DType.Float32) { return false; }
            if (l.Bias is { } b && Functional.Resolve(b).DType != DType.Float32) { return false; }
        }
        return true;
    }

    /// <summary>The output [rows, OutputSize] for input [rows, in]; valid until the next call.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int rows)
    {
        if (rows != _rows) { Allocate(rows); }
        for (int i = 0; i < _layers.Length; i++)
        {
            var y = _buffers[i].AsSpan();
            switch (_layers[i])
            {
                case Linear l:
                    {
                        var w = Functional.Resolve(l.Weight).F32;
                        var bias = l.Bias is null ? default : Functional.Resolve(l.Bias).F32;
                        int outF = l.OutFeatures;
                        for (int r = 0; r < rows && l.Bias is not null; r++) { bias.CopyTo(y.Slice(r * outF, outF)); }
                        MatMul.Gemm(false, true, rows, outF, l.InFeatures, x, w, y, accumulate: l.Bias is not null);
                        break;
                    }
                case ActivationLayer a:
                    switch (a.Activation)
                    {
                        case Activation.Tanh: TensorPrimitives.Tanh(x, y); break;
                        case Activation.Relu: TensorPrimitives.Max(x, 0f, y); break;
                        case Activation.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
                        default: x.CopyTo(y); break;
                    }
                    break;
            }
            x = y;
        }
        return x;
    }

    private void Allocate(int rows)
    {
        _buffers = new float[_layers.Length][];
        for (int i = 0; i < _layers.Length; i++) { _buffers[i] = new float[rows * _widths[i]]; }
        _rows = rows;
    }
}
