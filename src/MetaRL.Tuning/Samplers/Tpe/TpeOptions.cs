namespace MetaRL.Tuning;

/// <summary>
/// Tree-structured Parzen estimator settings (Bergstra, Bardenet, Bengio and Kégl, "Algorithms for
/// Hyper-Parameter Optimization", NeurIPS 2011; defaults as in Optuna's TPESampler).
/// </summary>
public sealed class TpeOptions
{
    /// <summary>Trials drawn at random before the estimators are used.</summary>
    /// <value>The default value is 10.</value>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) and scored by l(x)/g(x).</summary>
    /// <value>The default value is 24.</value>
    public int Candidates { get; init; } = 24;

    /// <summary>Size of the "good" group: γ(n) trials with the best values.</summary>
    /// <value>The default value is min(⌈0.1 n⌉, 25) (Optuna's default γ).</value>
    public Func<int, int> Gamma { get; init; } = n => Math.Min((int)Math.Ceiling(0.1 * n), 25);

    /// <summary>Weight of the prior component (uniform-ish Gaussian over the whole range) in each estimator.</summary>
    /// <value>The default value is 1.</value>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>
    /// Model all parameters jointly (Falkner et al. 2018's multivariate kernel; Optuna's <c>multivariate=True</c>)
    /// instead of one estimator per parameter as in the 2011 paper.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool Multivariate { get; init; } = true;

    /// <summary>The search space to model jointly (otherwise the parameters every complete trial shares).</summary>
    /// <value>The default value is null.</value>
    public SearchSpace? SearchSpace { get; init; }

    /// <summary>
    /// Use pruned trials too: they are ranked after every complete trial (those pruned at a later step
    /// first, then by their last reported value), so they mostly land in the "bad" group and steer samples
    /// away from regions the pruner stopped, as Optuna's TPESampler does (v3 and later).
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ConsiderPrunedTrials { get; init; } = true;

    /// <summary>
    /// Constant liar for parallel workers (Optuna's <c>constant_liar</c>): trials other workers are still
    /// running (<see cref="Study.RunningTrials"/>) join the "bad" group as if they had the worst value, so
    /// concurrent workers spread out instead of sampling next to one another. A worker alone sees no
    /// running trial but its own, so a single-worker study is unchanged.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ConstantLiar { get; init; } = true;

    /// <summary>Seed of the random draws.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }
}
