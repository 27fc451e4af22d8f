namespace MetaRL.Nn;

/// <summary>
/// The forward pass of a <see cref="Sequential"/> of <see cref="Linear"/> and <see cref="ActivationLayer"/>
/// layers on float32 spans, with a snapshot of the weights and buffers kept between calls. It calls the
/// kernels the tensor ops call, on spans of the same shapes, so results are bit-identical to
/// <see cref="Sequential.Forward"/>: <see cref="Ops.Linear"/> writes the bias rows and accumulates one
/// <see cref="MatMul"/> GEMM of x [rows, in] with W [out, in] read transposed; here W is kept transposed
/// ([in, out], copied at <see cref="Refresh"/>) and read as is. The GEMM's micro-kernels form every output
/// as the same fused multiply-add chain over k whatever B's layout (the layout only decides whether B is
/// packed first), so the values are the same and the per-step packing of W is saved. Activations are one
/// <see cref="TensorPrimitives"/> call over the whole [rows, width] block, as <c>Ops.Tanh</c> etc. make it.
/// </summary>
public sealed class MlpInference
{
    private readonly Layer[] _layers;
    private readonly int[] _widths;
    private readonly float[]?[] _weightsT;
    private readonly float[]?[] _biases;
    private float[][] _buffers = [];
    private int _rows = -1;

    private MlpInference(Layer[] layers, int[] widths)
    {
        _layers = layers;
        _widths = widths;
        _weightsT = new float[]?[layers.Length];
        _biases = new float[]?[layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            if (layers[i] is not Linear l) { continue; }
            _weightsT[i] = new float[l.InFeatures * l.OutFeatures];
            _biases[i] = l.Bias is null ? null : new float[l.OutFeatures];
        }
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

    /// <summary>Copies the parameters as resolved now: weights transposed, biases as they are.</summary>
    public void Refresh()
    {
        for (int i = 0; i < _layers.Length; i++)
        {
            if (_layers[i] is not Linear l) { continue; }
            var w = Functional.Resolve(l.Weight).F32;
            var wT = _weightsT[i]!;
            int inF = l.InFeatures, outF = l.OutFeatures;
            for (int o = 0; o < outF; o++)
            {
                for (int k = 0; k < inF; k++) { wT[k * outF + o] = w[o * inF + k]; }
            }
            if (l.Bias is not null) { Functional.Resolve(l.Bias).F32.CopyTo(_biases[i]); }
        }
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
                        int outF = l.OutFeatures;
                        var bias = _biases[i];
                        for (int r = 0; bias is not null && r < rows; r++) { bias.CopyTo(y.Slice(r * outF, outF)); }
                        MatMul.Gemm(false, false, rows, outF, l.InFeatures, x, _weightsT[i], y, accumulate: bias is not null);
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
