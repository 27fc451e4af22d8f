using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="Dqn"/> (Mnih et al., 2015, "Human-level control through deep reinforcement
/// learning"; double DQN: van Hasselt et al., 2016). Defaults are CleanRL's <c>dqn.py</c> for CartPole-v1.
/// </summary>
public sealed class DqnOptions : EpsilonGreedySettings, IAlgorithmOptions
{
    /// <summary>Environment steps. <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>Environments (CleanRL uses one). <value>The default value is 1.</value></summary>
    public int NumEnvs { get; set; } = 1;

    /// <summary>Adam step size. <value>The default value is 2.5e-4.</value></summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Replay buffer capacity. <value>The default value is 10000.</value></summary>
    public int BufferSize { get; set; } = 10_000;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Target update rate (1 = hard copy). <value>The default value is 1.0.</value></summary>
    public double Tau { get; set; } = 1.0;

    /// <summary>Steps between target-network updates. <value>The default value is 500.</value></summary>
    public int TargetNetworkFrequency { get; set; } = 500;

    /// <summary>Transitions per gradient step. <value>The default value is 128.</value></summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>Steps of pure collection before learning. <value>The default value is 10000.</value></summary>
    public long LearningStarts { get; set; } = 10_000;

    /// <summary>Steps between gradient steps. <value>The default value is 10.</value></summary>
    public int TrainFrequency { get; set; } = 10;

    /// <summary>Use double DQN targets (online argmax, target evaluation). <value>The default value is false (CleanRL's dqn.py).</value></summary>
    public bool DoubleDqn { get; set; }

    /// <summary>Hidden layer sizes of the Q-network (ReLU). <value>The default value is [120, 84].</value></summary>
    public int[] Hidden { get; set; } = [120, 84];

    /// <inheritdoc />
    /// <remarks>The Q-network and its target, with gradients and Adam's moments; the replay buffer of buffer_size
    /// transitions (observation, next observation, action, reward, done).</remarks>
    public MemoryEstimate EstimateMemory(ModelShape shape) => new MemoryEstimate()
        .Parameters("hidden", MemoryEstimate.Mlp(shape.Observations, Hidden, shape.Actions), 5, "weights, target weights, gradients and Adam's two moments")
        .Buffer("buffer_size", "the replay buffer", BufferSize, 2.0 * shape.Observations + 3);

    /// <inheritdoc />
    public void Validate()
    {
        PpoOptions.Require(TotalSteps > 0, "total_steps must be positive");
        PpoOptions.Require(NumEnvs > 0, "num_envs must be positive");
        PpoOptions.Require(BufferSize >= BatchSize && BatchSize > 0, "buffer_size must be at least batch_size > 0");
        PpoOptions.Require(Gamma is >= 0 and <= 1, "gamma must be in [0, 1]");
        PpoOptions.Require(Tau is > 0 and <= 1, "tau must be in (0, 1]");
        PpoOptions.Require(TargetNetworkFrequency > 0 && TrainFrequency > 0, "target_network_frequency and train_frequency must be positive");
        ValidateExploration();
        PpoOptions.Require(Hidden.Length > 0 && Hidden.All(h => h > 0), "hidden must list positive sizes");
    }
}
