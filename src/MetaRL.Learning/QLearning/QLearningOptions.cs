using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="QLearning"/> (Watkins and Dayan, 1992, "Q-learning"; Sutton and Barto, 2018, §6.5).
/// States are the distinct observation vectors met (a table, so the observations must take finitely many values).
/// </summary>
public sealed class QLearningOptions : EpsilonGreedySettings, IAlgorithmOptions
{
    /// <summary>Environment steps. <value>The default value is 50000.</value></summary>
    public long TotalSteps { get; set; } = 50_000;

    /// <summary>One environment.</summary>
    public int NumEnvs => 1;

    /// <summary>Step size α of the TD update. <value>The default value is 0.5.</value></summary>
    public double LearningRate { get; set; } = 0.5;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Largest number of distinct states the table holds. <value>The default value is 65536.</value></summary>
    public int MaxStates { get; set; } = 65_536;

    /// <inheritdoc />
    /// <remarks>The Q-table is allocated whole: max_states rows of the state's key and one value per action.</remarks>
    public MemoryEstimate EstimateMemory(ModelShape shape) => new MemoryEstimate()
        .Buffer("max_states", "the Q-table", MaxStates, (double)shape.Observations + shape.Actions);

    /// <inheritdoc />
    public void Validate()
    {
        PpoOptions.Require(TotalSteps > 0 && MaxStates > 0, "total_steps and max_states must be positive");
        PpoOptions.Require(LearningRate is > 0 and <= 1, "learning_rate must be in (0, 1]");
        PpoOptions.Require(Gamma is >= 0 and <= 1, "gamma must be in [0, 1]");
        ValidateExploration();
    }
}
