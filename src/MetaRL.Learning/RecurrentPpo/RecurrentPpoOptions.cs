namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="RecurrentPpo"/>: PPO (Schulman et al., 2017) with a GRU policy as RL² trains it
/// (Duan et al., 2016). The PPO defaults are CleanRL's <c>ppo.py</c>; minibatches split the environments
/// (so <c>num_minibatches</c> must divide <c>num_envs</c>) and keep each rollout's sequences whole.
/// </summary>
public sealed class RecurrentPpoOptions : IAlgorithmOptions
{
    /// <summary>Environment steps. <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>Parallel environments. <value>The default value is 4.</value></summary>
    public int NumEnvs { get; set; } = 4;

    /// <summary>Steps per environment per rollout (the training sequence length). <value>The default value is 128.</value></summary>
    public int NumSteps { get; set; } = 128;

    /// <summary>Adam step size. <value>The default value is 2.5e-4.</value></summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0. <value>The default value is true.</value></summary>
    public bool AnnealLr { get; set; } = true;

    /// <summary>Adam epsilon. <value>The default value is 1e-5.</value></summary>
    public double AdamEpsilon { get; set; } = 1e-5;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE λ. <value>The default value is 0.95.</value></summary>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Minibatches per epoch (groups of whole environments). <value>The default value is 4.</value></summary>
    public int NumMinibatches { get; set; } = 4;

    /// <summary>Passes over each rollout. <value>The default value is 4.</value></summary>
    public int UpdateEpochs { get; set; } = 4;

    /// <summary>Normalise advantages per minibatch. <value>The default value is true.</value></summary>
    public bool NormAdv { get; set; } = true;

    /// <summary>Surrogate clipping ε. <value>The default value is 0.2.</value></summary>
    public double ClipCoef { get; set; } = 0.2;

    /// <summary>Clip the value loss. <value>The default value is true.</value></summary>
    public bool ClipVloss { get; set; } = true;

    /// <summary>Entropy bonus. <value>The default value is 0.01.</value></summary>
    public double EntCoef { get; set; } = 0.01;

    /// <summary>Value loss coefficient. <value>The default value is 0.5.</value></summary>
    public double VfCoef { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip. <value>The default value is 0.5.</value></summary>
    public double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Scale rewards by the running std of discounted returns. <value>The default value is false.</value></summary>
    public bool NormReward { get; set; }

    /// <summary>GRU (and encoder) width. <value>The default value is 64.</value></summary>
    public int GruHidden { get; set; } = 64;

    /// <summary>The loss settings as <see cref="PpoOptions"/> (for <see cref="PpoLoss"/>).</summary>
    public PpoOptions LossOptions => new() { NormAdv = NormAdv, ClipCoef = ClipCoef, ClipVloss = ClipVloss, EntCoef = EntCoef, VfCoef = VfCoef };

    /// <inheritdoc />
    public void Validate()
    {
        PpoOptions.Require(NumEnvs > 0 && NumSteps > 0 && TotalSteps >= (long)NumEnvs * NumSteps, "total_steps must be at least num_envs × num_steps > 0");
        PpoOptions.Require(NumMinibatches > 0 && NumEnvs % NumMinibatches == 0, "num_minibatches must divide num_envs");
        PpoOptions.Require(UpdateEpochs > 0 && ClipCoef > 0 && MaxGradNorm > 0 && GruHidden > 0, "update_epochs, clip_coef, max_grad_norm and gru_hidden must be positive");
        PpoOptions.Require(Gamma is >= 0 and <= 1 && GaeLambda is >= 0 and <= 1, "gamma and gae_lambda must be in [0, 1]");
    }
}
