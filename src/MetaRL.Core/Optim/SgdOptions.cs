namespace MetaRL.Optim;

/// <summary>
/// Settings of <see cref="Sgd"/>; defaults and semantics are PyTorch's <c>torch.optim.SGD</c>. Momentum is
/// the heavy-ball form of Polyak (1964) as reformulated by Sutskever, Martens, Dahl and Hinton (2013, "On the
/// importance of initialization and momentum in deep learning"); <see cref="Nesterov"/> selects Nesterov's
/// accelerated gradient (Nesterov, 1983) in the form Sutskever et al. (2013) derive.
/// </summary>
public sealed class SgdOptions
{
    /// <summary>Step size. <value>The default value is 1e-3.</value></summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Momentum factor μ: the buffer is <c>b ← μ·b + (1 − dampening)·g</c>, and on the first step
    /// <c>b ← g</c>. <value>The default value is 0 (plain SGD).</value></summary>
    public double Momentum { get; set; }

    /// <summary>Dampening applied to the gradient when it enters the momentum buffer (not on the first step).
    /// <value>The default value is 0.</value></summary>
    public double Dampening { get; set; }

    /// <summary>L2 penalty added to the gradient before momentum: <c>g ← g + λ·θ</c>.
    /// <value>The default value is 0.</value></summary>
    public double WeightDecay { get; set; }

    /// <summary>Nesterov momentum: the step uses <c>g + μ·b</c> instead of <c>b</c>. Needs a positive
    /// <see cref="Momentum"/> and zero <see cref="Dampening"/>, as in PyTorch.
    /// <value>The default value is false.</value></summary>
    public bool Nesterov { get; set; }

    /// <summary>Throws with the setting named when a value is out of range.</summary>
    public void Validate()
    {
        if (!(LearningRate >= 0)) { throw new ArgumentOutOfRangeException(nameof(LearningRate), "learning rate must be ≥ 0"); }
        if (!(Momentum >= 0)) { throw new ArgumentOutOfRangeException(nameof(Momentum), "momentum must be ≥ 0"); }
        if (!(Dampening >= 0)) { throw new ArgumentOutOfRangeException(nameof(Dampening), "dampening must be ≥ 0"); }
        if (!(WeightDecay >= 0)) { throw new ArgumentOutOfRangeException(nameof(WeightDecay), "weight decay must be ≥ 0"); }
        if (Nesterov && (Momentum <= 0 || Dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening.", nameof(Nesterov));
        }
    }
}
