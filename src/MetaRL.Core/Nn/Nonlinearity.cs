namespace MetaRL.Nn;

/// <summary>Nonlinearities that <see cref="Init.CalculateGain(Nonlinearity, double)"/> knows (torch.nn.init.calculate_gain).</summary>
public enum Nonlinearity
{
    /// <summary>Identity or a linear layer: gain 1.</summary>
    Linear,

    /// <summary>Logistic sigmoid: gain 1.</summary>
    Sigmoid,

    /// <summary>tanh: gain 5/3.</summary>
    Tanh,

    /// <summary>ReLU: gain √2.</summary>
    Relu,

    /// <summary>Leaky ReLU: gain √(2 / (1 + slope²)).</summary>
    LeakyRelu,

    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}

/// <summary>Which fan Kaiming initialisation preserves: the forward pass's (fan in) or the backward pass's (fan out).</summary>
public enum FanMode
{
    /// <summary>Preserves the variance of activations in the forward pass.</summary>
    FanIn,

    /// <summary>Preserves the variance of gradients in the backward pass.</summary>
    FanOut,
}
