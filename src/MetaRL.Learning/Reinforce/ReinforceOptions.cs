using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="Reinforce"/> (Williams, 1992, "Simple statistical gradient-following algorithms
/// for connectionist reinforcement learning"), with a learned state-value baseline (Sutton and Barto, 2018, §13.4).
/// </summary>
public sealed class ReinforceOptions : IAlgorithmOptions
{
    /// <summary>Environment steps (the last batch of episodes is completed). <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>One environment: whole episodes are collected one after another.</summary>
    public int NumEnvs => 1;

    /// <summary>Whole episodes per gradient step. <value>The default value is 4.</value></summary>
    public int EpisodesPerBatch { get; set; } = 4;

    /// <summary>Adam step size. <value>The default value is 1e-3.</value></summary>
    public double LearningRate { get; set; } = 1e-3;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>Entropy bonus. <value>The default value is 0.0.</value></summary>
    public double EntCoef { get; set; }

    /// <summary>Baseline (value) loss coefficient. <value>The default value is 0.5.</value></summary>
    public double VfCoef { get; set; } = 0.5;

    /// <summary>Normalise the advantages G − V per batch. <value>The default value is true.</value></summary>
    public bool NormAdv { get; set; } = true;

    /// <summary>Global gradient-norm clip. <value>The default value is 1.0.</value></summary>
    public double MaxGradNorm { get; set; } = 1.0;

    /// <summary>Hidden layer sizes of policy and baseline. <value>The default value is [64, 64].</value></summary>
    public int[] Hidden { get; set; } = [64, 64];

    /// <inheritdoc />
    /// <remarks>Separate policy and value MLPs trained by Adam; episodes' lengths are not known before they run, so no buffer is counted.</remarks>
    public MemoryEstimate EstimateMemory(ModelShape shape) => new MemoryEstimate()
        .Parameters("hidden", MemoryEstimate.Mlp(shape.Observations, Hidden, shape.Actions) + MemoryEstimate.Mlp(shape.Observations, Hidden, 1), 4, "weights, gradients and Adam's two moments");

    /// <inheritdoc />
    public void Validate()
    {
        PpoOptions.Require(TotalSteps > 0 && EpisodesPerBatch > 0, "total_steps and episodes_per_batch must be positive");
        PpoOptions.Require(LearningRate >= 0 && MaxGradNorm > 0, "learning_rate must be ≥ 0 and max_grad_norm > 0");
        PpoOptions.Require(Gamma is >= 0 and <= 1, "gamma must be in [0, 1]");
        PpoOptions.Require(Hidden.Length > 0 && Hidden.All(h => h > 0), "hidden must list positive sizes");
    }
}
