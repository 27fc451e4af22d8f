namespace MetaRL.Learning.OffPolicy;

/// <summary>What <see cref="OffPolicyEvaluation.Evaluate"/> runs: the estimators (OBP's names and default λ), the bootstrap
/// and, for a log without q̂, the reward model.</summary>
public sealed class OpeOptions
{
    /// <summary>The default <see cref="BootstrapSamples"/>.</summary>
    public const int DefaultBootstrapSamples = 1000;

    /// <summary>The default <see cref="Seed"/>.</summary>
    public const long DefaultSeed = 0;

    /// <summary>The estimators, in the order the rows come back.</summary>
    /// <value>The default value is all seven, ipw, snipw, dm, dr, sndr, switch-dr, dr-os, with OBP's default λ.</value>
    public IReadOnlyList<OpeEstimator> Estimators { get; init; } = [.. OpeEstimator.Names.Select(OpeEstimator.Create)];

    /// <summary>Bootstrap resamples of the 95% interval; 0 skips the interval.</summary>
    /// <value>The default value is 1000. OBP's default is 10,000; a thousand resamples put the 2.5th and 97.5th percentiles
    /// near the 25th and 975th sorted means at a tenth of the cost (a resample costs one draw per row: bench/results/ope.md
    /// has the times).</value>
    public int BootstrapSamples { get; init; } = DefaultBootstrapSamples;

    /// <summary>Seed of the bootstrap.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; } = DefaultSeed;

    /// <summary>The reward model fitted when the log has contexts and no q̂.</summary>
    /// <value>The default value is <see cref="RewardModelOptions.Default"/>.</value>
    public RewardModelOptions RewardModel { get; init; } = RewardModelOptions.Default;
}

/// <summary>One estimator's estimate: the value (mean of its round rewards), the bootstrap 95% interval (NaN when skipped) and the rows.</summary>
public sealed record OpeEstimate(OpeEstimator Estimator, double Value, double Ci95Low, double Ci95High, int N);

/// <summary>The estimates and where the time went: FittedRewardModel is true when q̂ was fitted here (the log had
/// contexts and no q̂), and the seconds are those of that fit, of the estimates, and of the bootstrap.</summary>
public sealed record OpeReport(IReadOnlyList<OpeEstimate> Rows, bool FittedRewardModel, double FitSeconds, double EstimateSeconds, double BootstrapSeconds);
