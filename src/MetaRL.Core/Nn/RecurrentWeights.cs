using MetaRL.Random;
using MetaRL.Tensors;

namespace MetaRL.Nn;

/// <summary>
/// The parameters of a GRU layer, shared by <see cref="GruCell"/> (one step) and <see cref="Gru"/> (a sequence):
/// PyTorch's names, shapes, gate order (r, z, n) and initialisation (uniform in ±1/√hidden).
/// </summary>
public abstract class GruWeights : Module
{
    protected GruWeights(int inputSize, int hiddenSize, Rng rng, bool bias = true, DType dtype = DType.Float32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        (WeightIh, WeightHh, BiasIh, BiasHh) = GruMath.Register(RegisterParameter, inputSize, hiddenSize, rng, bias, dtype);
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Input weights [3·hidden, input]: rows W_ir, W_iz, W_in.</summary>
    public Tensor WeightIh { get; }

    /// <summary>Recurrent weights [3·hidden, hidden]: rows W_hr, W_hz, W_hn.</summary>
    public Tensor WeightHh { get; }

    /// <summary>Input bias [3·hidden], or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>Recurrent bias [3·hidden], or null.</summary>
    public Tensor? BiasHh { get; }
}
