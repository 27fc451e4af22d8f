using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="A2c"/> (Mnih et al., 2016, "Asynchronous Methods for Deep Reinforcement Learning",
/// synchronous variant). Defaults follow Stable-Baselines3's A2C (8 envs × 5 steps, γ 0.99, λ 1, value 0.5,
/// grad clip 0.5) with Adam in place of RMSprop and a learning rate tuned for it on CartPole-v1.
/// </summary>
public sealed class A2cOptions : ActorCriticSettings, IAlgorithmOptions
{
    /// <summary>A2C's defaults for the shared settings: Adam step size 7e-4 and GAE λ 1 (n-step returns).</summary>
    public A2cOptions()
    {
        LearningRate = 7e-4;
        GaeLambda = 1.0;
    }

    /// <summary>Environment steps. <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>Parallel environments. <value>The default value is 8.</value></summary>
    public int NumEnvs { get; set; } = 8;

    /// <summary>Steps per environment per update. <value>The default value is 5.</value></summary>
    public int NumSteps { get; set; } = 5;

    /// <inheritdoc />
    /// <remarks>Whole rollouts of <see cref="NumEnvs"/> × <see cref="NumSteps"/> steps.</remarks>
    public TrainingBudget Budget => TrainingBudget.WholeRollouts(TotalSteps, NumEnvs, NumSteps);

    /// <summary>Entropy bonus. <value>The default value is 0.0.</value></summary>
    public override double EntCoef { get; set; }

    /// <summary>Value loss coefficient. <value>The default value is 0.5.</value></summary>
    public override double VfCoef { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip. <value>The default value is 0.5.</value></summary>
    public override double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Normalise advantages per update. <value>The default value is false.</value></summary>
    public override bool NormAdv { get; set; }

    /// <summary>Hidden layer sizes of actor and critic. <value>The default value is [64, 64].</value></summary>
    public int[] Hidden { get; set; } = [64, 64];

    /// <inheritdoc />
    /// <remarks>Separate actor and critic MLPs (<see cref="MlpActorCritic"/>) and the rollout of num_envs × num_steps steps.</remarks>
    public override MemoryEstimate EstimateMemory(ModelShape shape) => new MemoryEstimate()
        .Parameters("hidden", MemoryEstimate.Mlp(shape.Observations, Hidden, shape.Actions) + MemoryEstimate.Mlp(shape.Observations, Hidden, 1), 4, AdamCopies)
        .Buffer("num_envs × num_steps", "the rollout", (double)NumEnvs * NumSteps, RolloutFloats(shape));

    /// <inheritdoc />
    public override void Validate()
    {
        PpoOptions.Require(TotalSteps >= (long)NumEnvs * NumSteps && NumEnvs > 0 && NumSteps > 0, "total_steps must be at least num_envs × num_steps > 0");
        PpoOptions.Require(LearningRate >= 0 && !double.IsPositiveInfinity(LearningRate) && MaxGradNorm > 0, "learning_rate must be finite and ≥ 0, and max_grad_norm > 0");
        PpoOptions.Require(Gamma is >= 0 and <= 1 && GaeLambda is >= 0 and <= 1, "gamma and gae_lambda must be in [0, 1]");
        PpoOptions.Require(Hidden.Length > 0 && Hidden.All(h => h > 0), "hidden must list positive sizes");
    }
}
