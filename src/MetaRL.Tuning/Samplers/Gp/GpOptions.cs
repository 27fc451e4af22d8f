namespace MetaRL.Tuning;

/// <summary>
/// Gaussian-process Bayesian optimisation settings: a Matérn-5/2 kernel with one length scale per
/// dimension (automatic relevance determination), hyperparameters by maximum marginal likelihood
/// (Rasmussen and Williams 2006, §5.4), and log expected improvement (Jones et al. 1998; the LogEI
/// form of Ament et al. 2023) maximised over random candidates followed by local L-BFGS refinement.
/// </summary>
public sealed class GpOptions
{
    /// <summary>Trials drawn at random before the model is used.</summary>
    /// <value>The default value is 10 (Optuna's GPSampler default).</value>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Random candidates scored by the acquisition per trial.</summary>
    /// <value>The default value is 2000.</value>
    public int Candidates { get; init; } = 2000;

    /// <summary>Best candidates refined by L-BFGS (finite-difference gradients, box-projected).</summary>
    /// <value>The default value is 5.</value>
    public int LocalRefinements { get; init; } = 5;

    /// <summary>Starting points of the hyperparameter fit (the previous optimum is always one of them).</summary>
    /// <value>The default value is 3.</value>
    public int FitRestarts { get; init; } = 3;

    /// <summary>Smallest noise variance (relative to the standardised targets); deterministic objectives sit at this floor.</summary>
    /// <value>The default value is 1e-6.</value>
    public double MinNoise { get; init; } = 1e-6;

    /// <summary>The search space to model (otherwise the parameters every complete trial shares).</summary>
    /// <value>The default value is null.</value>
    public SearchSpace? SearchSpace { get; init; }

    /// <summary>
    /// Constant liar for parallel workers: trials other workers are still running (<see cref="Study.RunningTrials"/>)
    /// count as observed at the worst value so far when the acquisition is maximised, so concurrent workers
    /// do not all pick the same maximum. A worker alone sees none, so a single-worker study is unchanged.
    /// </summary>
    /// <value>The default value is true.</value>
    public bool ConstantLiar { get; init; } = true;

    /// <summary>Seed of the random draws.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }
}
