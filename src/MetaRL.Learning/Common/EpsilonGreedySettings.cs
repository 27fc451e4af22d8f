namespace MetaRL.Learning;

/// <summary>
/// The ε-greedy exploration of the value-based learners (<see cref="DqnOptions"/>, <see cref="QLearningOptions"/>):
/// ε falls linearly from <see cref="StartE"/> to <see cref="EndE"/> over the first
/// <see cref="ExplorationFraction"/> of the run's steps, then stays at <see cref="EndE"/> (Mnih et al., 2015,
/// "Human-level control through deep reinforcement learning"; CleanRL's <c>linear_schedule</c>).
/// </summary>
public abstract class EpsilonGreedySettings
{
    /// <summary>Initial ε of ε-greedy exploration. <value>The default value is 1.0.</value></summary>
    public double StartE { get; set; } = 1.0;

    /// <summary>Final ε. <value>The default value is 0.05.</value></summary>
    public double EndE { get; set; } = 0.05;

    /// <summary>Fraction of the run over which ε decays linearly. <value>The default value is 0.5.</value></summary>
    public double ExplorationFraction { get; set; } = 0.5;

    /// <summary>Throws unless <see cref="ExplorationFraction"/> is in (0, 1].</summary>
    protected void ValidateExploration() =>
        PpoOptions.Require(ExplorationFraction is > 0 and <= 1, "exploration_fraction must be in (0, 1]");
}
