namespace MetaRL.Nn;

/// <summary>Layers applied in order; children are named 0, 1, 2, … as in PyTorch.</summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _layers;

    public Sequential(params Layer[] layers)
    {
        _layers = layers;
        for (int i = 0; i < layers.Length; i++) { RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i]); }
    }

    public IReadOnlyList<Layer> Layers => _layers;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x)
    {
        foreach (var layer in _layers) { x = layer.Forward(x); }
        return x;
    }
}

/// <summary>Activation functions available to <see cref="Mlp"/>.</summary>
public enum Activation
{
    Tanh,
    Relu,
    Sigmoid,
    Identity,

    /// <summary>The exact (erf) GELU, torch.nn.GELU()'s default; see <see cref="Ops.Gelu"/>.</summary>
    Gelu,
}

/// <summary>An activation as a layer (no parameters).</summary>
public sealed class ActivationLayer(Activation activation) : Layer
{
    public Activation Activation { get; } = activation;

    /// <inheritdoc />
    public override Tensor Forward(Tensor x) => Activation switch
    {
        Activation.Tanh => Ops.Tanh(x),
        Activation.Relu => Ops.Relu(x),
        Activation.Sigmoid => Ops.Sigmoid(x),
        Activation.Gelu => Ops.Gelu(x),
        _ => x,
    };
}

/// <summary>Multilayer perceptron: Linear layers with an activation between them (none after the last).
/// Parameter names follow PyTorch's nn.Sequential: <c>0.weight</c>, <c>2.weight</c>, ….</summary>
public static class Mlp
{
    /// <summary>Builds sizes[0] → sizes[1] → … → sizes[^1].</summary>
    public static Sequential Create(int[] sizes, Activation activation, Rng rng, DType dtype = DType.Float32)
    {
        if (sizes.Length < 2) { throw new ArgumentException("An MLP needs at least an input and an output size."); }
        var layers = new List<Layer>();
        for (int i = 0; i < sizes.Length - 1; i++)
        {
            layers.Add(new Linear(sizes[i], sizes[i + 1], rng, dtype: dtype));
            if (i < sizes.Length - 2) { layers.Add(new ActivationLayer(activation)); }
        }
        return new Sequential(layers.ToArray());
    }
}
