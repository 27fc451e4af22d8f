using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="Ppo"/> (Schulman et al., 2017, "Proximal Policy Optimization Algorithms").
/// Defaults are CleanRL's <c>ppo.py</c> (Huang et al., 2022, "The 37 Implementation Details of Proximal
/// Policy Optimization"), the Atari-free CartPole configuration.
/// </summary>
public sealed class PpoOptions : PpoRolloutSettings
{
    /// <summary>Stop an iteration's epochs early when the approximate KL exceeds this (0 = off). <value>The default value is 0 (off).</value></summary>
    public double TargetKl { get; set; }

    /// <summary>Normalise observations by running per-component mean and variance, clipped to ±10
    /// (Stable-Baselines3's <c>VecNormalize</c>; CleanRL's continuous-action PPO applies Gymnasium's
    /// <c>NormalizeObservation</c> with the same clip; Engstrom et al., 2020, "Implementation Matters in Deep
    /// Policy Gradients"). <value>The default value is false.</value></summary>
    public bool NormObs { get; set; }

    /// <summary>Hidden layer sizes of actor and critic. <value>The default value is [64, 64].</value></summary>
    public int[] Hidden { get; set; } = [64, 64];

    /// <summary>Batch size per iteration (NumEnvs × NumSteps).</summary>
    public int BatchSize => NumEnvs * NumSteps;

    /// <summary>Transitions per minibatch.</summary>
    public int MinibatchSize => BatchSize / NumMinibatches;

    /// <summary>Throws naming the first invalid setting.</summary>
    public override void Validate()
    {
        Require(NumEnvs > 0, "num_envs must be positive");
        Require(NumSteps > 0, "num_steps must be positive");
        Require(TotalSteps >= BatchSize, "total_steps must be at least num_envs × num_steps");
        Require(LearningRate >= 0 && !double.IsPositiveInfinity(LearningRate), "learning_rate must be finite and ≥ 0");
        Require(Gamma is >= 0 and <= 1, "gamma must be in [0, 1]");
        Require(GaeLambda is >= 0 and <= 1, "gae_lambda must be in [0, 1]");
        Require(NumMinibatches > 0 && BatchSize % NumMinibatches == 0, "num_minibatches must divide num_envs × num_steps");
        Require(UpdateEpochs > 0, "update_epochs must be positive");
        Require(ClipCoef > 0, "clip_coef must be positive");
        Require(MaxGradNorm > 0, "max_grad_norm must be positive");
        Require(Hidden.Length > 0 && Hidden.All(h => h > 0), "hidden must list positive sizes");
    }

    /// <inheritdoc />
    /// <remarks>Separate actor and critic MLPs (<see cref="MlpActorCritic"/>) and the rollout of num_envs × num_steps steps.</remarks>
    public override MemoryEstimate EstimateMemory(ModelShape shape) => new MemoryEstimate()
        .Parameters("hidden", MemoryEstimate.Mlp(shape.Observations, Hidden, shape.Actions) + MemoryEstimate.Mlp(shape.Observations, Hidden, 1), 4, AdamCopies)
        .Buffer("num_envs × num_steps", "the rollout", (double)NumEnvs * NumSteps, RolloutFloats(shape));

    internal static void Require(bool condition, string message)
    {
        if (!condition) { throw new ArgumentException(message); }
    }
}
