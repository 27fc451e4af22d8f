using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="RecurrentPpo"/>: PPO (Schulman et al., 2017) with a GRU policy as RL² trains it
/// (Duan et al., 2016). The PPO defaults are CleanRL's <c>ppo.py</c>; minibatches split the environments
/// (so <c>num_minibatches</c> must divide <c>num_envs</c>) and keep each rollout's sequences whole.
/// </summary>
public sealed class RecurrentPpoOptions : PpoRolloutSettings
{
    /// <summary>GRU (and encoder) width. <value>The default value is 64.</value></summary>
    public int GruHidden { get; set; } = 64;

    /// <inheritdoc />
    /// <remarks><see cref="GruActorCritic"/>: a linear encoder, a GRU of gru_hidden units, linear actor and critic heads;
    /// and the rollout of num_envs × num_steps steps.</remarks>
    public override MemoryEstimate EstimateMemory(ModelShape shape)
    {
        double h = GruHidden;
        double parameters = (shape.Observations + 1) * h + MemoryEstimate.Gru(h, h) + (h + 1) * shape.Actions + (h + 1);
        return new MemoryEstimate()
            .Parameters("gru_hidden", parameters, 4, AdamCopies)
            .Buffer("num_envs × num_steps", "the rollout", (double)NumEnvs * NumSteps, RolloutFloats(shape));
    }

    /// <inheritdoc />
    public override void Validate()
    {
        PpoOptions.Require(NumEnvs > 0 && NumSteps > 0 && TotalSteps >= (long)NumEnvs * NumSteps, "total_steps must be at least num_envs × num_steps > 0");
        PpoOptions.Require(LearningRate >= 0 && !double.IsPositiveInfinity(LearningRate), "learning_rate must be finite and ≥ 0");
        PpoOptions.Require(NumMinibatches > 0 && NumEnvs % NumMinibatches == 0, "num_minibatches must divide num_envs");
        PpoOptions.Require(UpdateEpochs > 0 && ClipCoef > 0 && MaxGradNorm > 0 && GruHidden > 0, "update_epochs, clip_coef, max_grad_norm and gru_hidden must be positive");
        PpoOptions.Require(Gamma is >= 0 and <= 1 && GaeLambda is >= 0 and <= 1, "gamma and gae_lambda must be in [0, 1]");
    }
}
