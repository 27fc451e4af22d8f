namespace MetaRL.Tuning;

/// <summary>
/// Population-based training settings (Jaderberg et al., "Population Based Training of Neural Networks",
/// 2017): truncation selection (the bottom 25% copy a member of the top 25%, weights and hyperparameters),
/// then explore by multiplying each numeric hyperparameter by 1.2 or 0.8.
/// </summary>
public sealed class PbtOptions
{
    /// <summary>Members trained in parallel.</summary>
    /// <value>The default value is 10.</value>
    public int PopulationSize { get; init; } = 10;

    /// <summary>Train-evaluate-exploit rounds.</summary>
    /// <value>The default value is 20.</value>
    public int Rounds { get; init; } = 20;

    /// <summary>Fraction in the bottom group that exploits and in the top group it copies from.</summary>
    /// <value>The default value is 0.25 (the paper's truncation selection).</value>
    public double TruncationFraction { get; init; } = 0.25;

    /// <summary>Factors a numeric hyperparameter is multiplied by when explored (chosen with equal probability).</summary>
    /// <value>The default value is [1.2, 0.8].</value>
    public IReadOnlyList<double> PerturbFactors { get; init; } = [1.2, 0.8];

    /// <summary>Probability that an explored categorical hyperparameter is redrawn at random.</summary>
    /// <value>The default value is 0.25.</value>
    public double ResampleProbability { get; init; } = 0.25;

    /// <summary>Whether larger scores are better.</summary>
    /// <value>The default value is <see cref="StudyDirection.Maximize"/>.</value>
    public StudyDirection Direction { get; init; } = StudyDirection.Maximize;

    /// <summary>Seed of initial draws, partner choice and perturbations.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }
}

/// <summary>
/// The member-state callbacks PBT is generic over: build a member from hyperparameters, train it for one
/// round and return its score, and copy a member's state (its checkpoint) for exploitation.
/// </summary>
public sealed record PbtCallbacks<TState>(
    Func<IReadOnlyDictionary<string, double>, int, TState> Create,
    Func<TState, IReadOnlyDictionary<string, double>, int, double> TrainRound,
    Func<TState, TState> CopyCheckpoint);
