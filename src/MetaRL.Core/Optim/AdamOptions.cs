namespace MetaRL.Optim;

/// <summary>Settings of <see cref="Adam"/>; defaults are PyTorch's (Kingma and Ba, 2015).</summary>
public sealed class AdamOptions
{
    /// <summary>Step size. <value>The default value is 1e-3.</value></summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Decay of the first moment. <value>The default value is 0.9.</value></summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Decay of the second moment. <value>The default value is 0.999.</value></summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Added to the denominator. <value>The default value is 1e-8 (CleanRL's PPO uses 1e-5).</value></summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>Weight decay. <value>The default value is 0.</value></summary>
    public double WeightDecay { get; set; }

    /// <summary>When true, weight decay is decoupled from the gradient (AdamW, Loshchilov and Hutter, 2019).
    /// <value>The default value is false.</value></summary>
    public bool Decoupled { get; set; }

    /// <summary>Throws with the setting named when a value is out of range.</summary>
    public void Validate()
    {
        if (LearningRate < 0) { throw new ArgumentOutOfRangeException(nameof(LearningRate), "learning rate must be ≥ 0"); }
        if (Beta1 is < 0 or >= 1) { throw new ArgumentOutOfRangeException(nameof(Beta1), "beta1 must be in [0, 1)"); }
        if (Beta2 is < 0 or >= 1) { throw new ArgumentOutOfRangeException(nameof(Beta2), "beta2 must be in [0, 1)"); }
        if (Epsilon <= 0) { throw new ArgumentOutOfRangeException(nameof(Epsilon), "epsilon must be > 0"); }
        if (WeightDecay < 0) { throw new ArgumentOutOfRangeException(nameof(WeightDecay), "weight decay must be ≥ 0"); }
    }
}
