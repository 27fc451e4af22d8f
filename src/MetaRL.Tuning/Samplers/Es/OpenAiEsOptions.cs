namespace MetaRL.Tuning;

/// <summary>
/// OpenAI evolution strategies (Salimans, Ho, Chen, Sidor and Sutskever, "Evolution Strategies as a
/// Scalable Alternative to Reinforcement Learning", 2017): antithetic Gaussian perturbations, centred-rank
/// fitness shaping, Adam on the resulting gradient estimate. Coordinates are the unit cube of the search space.
/// </summary>
public sealed class OpenAiEsOptions
{
    /// <summary>Perturbations per generation (even: antithetic pairs).</summary>
    /// <value>The default value is 20.</value>
    public int PopulationSize { get; init; } = 20;

    /// <summary>Noise standard deviation σ in unit-cube coordinates.</summary>
    /// <value>The default value is 0.05.</value>
    public double Sigma { get; init; } = 0.05;

    /// <summary>Adam step size on the unit-cube mean.</summary>
    /// <value>The default value is 0.03.</value>
    public double LearningRate { get; init; } = 0.03;

    /// <summary>L2 weight decay on the mean (the paper's default for networks; 0 for hyperparameters).</summary>
    /// <value>The default value is 0.</value>
    public double WeightDecay { get; init; }

    /// <summary>Initial mean by parameter name (internal values).</summary>
    /// <value>The default value is null, meaning the centre of every range.</value>
    public IReadOnlyDictionary<string, double>? X0 { get; init; }

    /// <summary>The search space (otherwise fixed by the first complete trial).</summary>
    /// <value>The default value is null.</value>
    public SearchSpace? SearchSpace { get; init; }

    /// <summary>Seed of the shared noise (all workers derive the same ε from it).</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }
}
