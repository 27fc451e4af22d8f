namespace MetaRL.Tuning;

/// <summary>
/// CMA-ES settings (Hansen and Ostermeier 2001; Hansen, "The CMA Evolution Strategy: A Tutorial", 2016;
/// defaults as in pycma). Restarts follow IPOP-CMA-ES (Auger and Hansen 2005): each restart doubles the population.
/// </summary>
public sealed class CmaEsOptions
{
    /// <summary>Initial step size in the modelling coordinates (log for log-scaled ranges).</summary>
    /// <value>The default value is null, meaning (high − low) / 6 of the narrowest parameter range (Optuna's choice).</value>
    public double? Sigma0 { get; init; }

    /// <summary>Initial mean by parameter name (internal values).</summary>
    /// <value>The default value is null, meaning the centre of every range.</value>
    public IReadOnlyDictionary<string, double>? X0 { get; init; }

    /// <summary>Population size λ of the first run.</summary>
    /// <value>The default value is null, meaning 4 + ⌊3 ln n⌋.</value>
    public int? PopulationSize { get; init; }

    /// <summary>Whether to use the active (negative-weight) covariance update (Jastrebski and Arnold 2006).</summary>
    /// <value>The default value is true (pycma's default).</value>
    public bool ActiveUpdate { get; init; } = true;

    /// <summary>Whether to restart with a doubled population when a run meets a termination criterion (IPOP).</summary>
    /// <value>The default value is true.</value>
    public bool Restarts { get; init; } = true;

    /// <summary>Population growth per restart.</summary>
    /// <value>The default value is 2.</value>
    public double IncreasePopulationFactor { get; init; } = 2;

    /// <summary>Termination: range of recent f-values below this (pycma's tolfun).</summary>
    /// <value>The default value is 1e-11.</value>
    public double TolFun { get; init; } = 1e-11;

    /// <summary>Termination: σ × max standard deviation and σ × max |p_c| below this (pycma's tolx).</summary>
    /// <value>The default value is 1e-11.</value>
    public double TolX { get; init; } = 1e-11;

    /// <summary>Termination: condition number of C above this (pycma's tolconditioncov).</summary>
    /// <value>The default value is 1e14.</value>
    public double TolConditionCov { get; init; } = 1e14;

    /// <summary>The search space to model from the first trial (otherwise the first trial is random and fixes it).</summary>
    /// <value>The default value is null.</value>
    public SearchSpace? SearchSpace { get; init; }

    /// <summary>Seed of the sampling noise.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }
}
