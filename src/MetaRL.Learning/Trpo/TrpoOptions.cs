namespace MetaRL.Learning;

/// <summary>
/// Settings of one <see cref="TrpoStep"/> (Schulman et al., 2015, "Trust Region Policy Optimization",
/// Appendix C). Defaults are those of the original implementation and of MAML-TRPO (Finn et al., 2017).
/// </summary>
public sealed class TrpoOptions
{
    /// <summary>Trust-region size δ on the mean KL. <value>The default value is 0.01.</value></summary>
    public double MaxKl { get; set; } = 0.01;

    /// <summary>Conjugate-gradient iterations. <value>The default value is 10.</value></summary>
    public int CgIterations { get; set; } = 10;

    /// <summary>Damping λ added to the Fisher-vector product (F + λI)v. <value>The default value is 0.1.</value></summary>
    public double CgDamping { get; set; } = 0.1;

    /// <summary>Line-search halvings tried before giving up. <value>The default value is 10.</value></summary>
    public int BacktrackIterations { get; set; } = 10;

    /// <summary>Shrink factor per line-search step. <value>The default value is 0.5.</value></summary>
    public double BacktrackRatio { get; set; } = 0.5;

    /// <summary>Minimum ratio of actual to expected improvement to accept a step. <value>The default value is 0.1.</value></summary>
    public double AcceptRatio { get; set; } = 0.1;
}
