namespace MetaRL.Optim;

/// <summary>
/// AdamW (Loshchilov and Hutter, 2019, "Decoupled Weight Decay Regularization"): <see cref="Adam"/> with the
/// weight decay applied to the parameters (<c>θ ← θ·(1 − η·λ)</c>) instead of added to the gradient, and
/// PyTorch's <c>torch.optim.AdamW</c> defaults.
/// </summary>
public static class AdamW
{
    /// <summary>PyTorch's default decoupled weight decay λ for AdamW. <value>The value is 0.01.</value></summary>
    public const double DefaultWeightDecay = 0.01;

    /// <summary>Adam options with <see cref="AdamOptions.Decoupled"/> set and AdamW's defaults
    /// (learning rate 1e-3, betas 0.9/0.999, epsilon 1e-8, weight decay 0.01).</summary>
    public static AdamOptions Options(double learningRate = 1e-3, double weightDecay = DefaultWeightDecay) =>
        new() { LearningRate = learningRate, WeightDecay = weightDecay, Decoupled = true };

    /// <summary>An AdamW optimizer over <paramref name="parameters"/>.</summary>
    public static Adam Create(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double weightDecay = DefaultWeightDecay) =>
        new(parameters, Options(learningRate, weightDecay));

    /// <summary>An AdamW optimizer with full control of the options; <see cref="AdamOptions.Decoupled"/> is forced on.</summary>
    public static Adam Create(IEnumerable<Tensor> parameters, AdamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Decoupled = true;
        return new Adam(parameters, options);
    }
}
