namespace MetaRL.Learning.Explain;

/// <summary>
/// How integrated gradients (Sundararajan, Taly and Yan, 2017, "Axiomatic Attribution for Deep Networks") integrates:
/// the path integral from the baseline to the input is a Gauss–Legendre quadrature whose number of points doubles until the
/// attributions add up to F(x) − F(baseline) within <see cref="Tolerance"/> (the paper's completeness check, §3 and its
/// advice of 20 to 300 steps), or <see cref="MaxSteps"/> is reached.
/// </summary>
public sealed class IntegratedGradientsOptions
{
    /// <summary>The largest completeness gap accepted, as a share of |F(x) − F(baseline)|.</summary>
    /// <value>The default value is 0.01 (1%).</value>
    public double Tolerance { get; init; } = 0.01;

    /// <summary>Points of the first quadrature.</summary>
    /// <value>The default value is 16.</value>
    public int InitialSteps { get; init; } = 16;

    /// <summary>Points beyond which the sum is not refined further (the gap is then reported as it stands).</summary>
    /// <value>The default value is 1024.</value>
    public int MaxSteps { get; init; } = 1024;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(Tolerance > 0)) { throw new ArgumentOutOfRangeException(nameof(Tolerance), "the tolerance must be positive"); }
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InitialSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, InitialSteps);
    }
}
