namespace MetaRL.Nn;

/// <summary>
/// The parameters of a gated recurrent layer with PyTorch's names, shapes and initialisation, shared by
/// <see cref="GruCell"/> and <see cref="Gru"/> (3 gates: r, z, n) and <see cref="Lstm"/> (4 gates: i, f, g, o):
/// <c>weight_ih</c> [G·H, I], <c>weight_hh</c> [G·H, H], <c>bias_ih</c> and <c>bias_hh</c> [G·H], every entry uniform in
/// ±1/√H, drawn in that order.
/// </summary>
public abstract class RecurrentWeights : Module
{
    /// <param name="inputSize">I, the width of each input.</param>
    /// <param name="hiddenSize">H, the width of the hidden state.</param>
    /// <param name="gates">G, the gates whose rows the weights stack.</param>
    /// <param name="rng">The generator the initial weights are drawn from.</param>
    /// <param name="bias">Whether the layer has the two biases.</param>
    /// <param name="dtype">The parameters' element type.</param>
    protected RecurrentWeights(int inputSize, int hiddenSize, int gates, Rng rng, bool bias, DType dtype)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        double k = 1.0 / Math.Sqrt(hiddenSize);
        int rows = gates * hiddenSize;
        WeightIh = RegisterParameter("weight_ih", Tensor.RandU([rows, inputSize], rng, -k, k, dtype));
        WeightHh = RegisterParameter("weight_hh", Tensor.RandU([rows, hiddenSize], rng, -k, k, dtype));
        BiasIh = bias ? RegisterParameter("bias_ih", Tensor.RandU([rows], rng, -k, k, dtype)) : null;
        BiasHh = bias ? RegisterParameter("bias_hh", Tensor.RandU([rows], rng, -k, k, dtype)) : null;
    }

    public int InputSize { get; }

    public int HiddenSize { get; }

    /// <summary>Input weights [gates·hidden, input], one block of rows per gate in the layer's gate order.</summary>
    public Tensor WeightIh { get; }

    /// <summary>Recurrent weights [gates·hidden, hidden], one block of rows per gate.</summary>
    public Tensor WeightHh { get; }

    /// <summary>Input bias [gates·hidden], or null.</summary>
    public Tensor? BiasIh { get; }

    /// <summary>Recurrent bias [gates·hidden], or null.</summary>
    public Tensor? BiasHh { get; }
}
