namespace MetaRL.Learning;

/// <summary>
/// Settings of <see cref="Ppo"/> (Schulman et al., 2017, "Proximal Policy Optimization Algorithms").
/// Defaults are CleanRL's <c>ppo.py</c> (Huang et al., 2022, "The 37 Implementation Details of Proximal
/// Policy Optimization"), the Atari-free CartPole configuration.
/// </summary>
public sealed class PpoOptions : IAlgorithmOptions
{
    /// <summary>Environment steps to train for, summed over environments. <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>Parallel environments. <value>The default value is 4.</value></summary>
    public int NumEnvs { get; set; } = 4;

    /// <summary>Steps per environment per rollout. <value>The default value is 128.</value></summary>
    public int NumSteps { get; set; } = 128;

    /// <summary>Adam step size at the start. <value>The default value is 2.5e-4.</value></summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0 over the run. <value>The default value is true.</value></summary>
    public bool AnnealLr { get; set; } = true;

    /// <summary>Adam epsilon. <value>The default value is 1e-5.</value></summary>
    public double AdamEpsilon { get; set; } = 1e-5;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE λ (Schulman et al., 2016). <value>The default value is 0.95.</value></summary>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Minibatches per epoch. <value>The default value is 4.</value></summary>
    public int NumMinibatches { get; set; } = 4;

    /// <summary>Passes over each rollout. <value>The default value is 4.</value></summary>
    public int UpdateEpochs { get; set; } = 4;

    /// <summary>Normalise advantages per minibatch. <value>The default value is true.</value></summary>
    public bool NormAdv { get; set; } = true;

    /// <summary>Surrogate clipping ε. <value>The default value is 0.2.</value></summary>
    public double ClipCoef { get; set; } = 0.2;

    /// <summary>Clip the value loss around the old values. <value>The default value is true.</value></summary>
    public bool ClipVloss { get; set; } = true;

    /// <summary>Entropy bonus coefficient. <value>The default value is 0.01.</value></summary>
    public double EntCoef { get; set; } = 0.01;

    /// <summary>Value loss coefficient. <value>The default value is 0.5.</value></summary>
    public double VfCoef { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip. <value>The default value is 0.5.</value></summary>
    public double MaxGradNorm { get; set; } = 0.5;

    /// <summary>Stop an iteration's epochs early when the approximate KL exceeds this (0 = off). <value>The default value is 0 (off).</value></summary>
    public double TargetKl { get; set; }

    /// <summary>Hidden layer sizes of actor and critic. <value>The default value is [64, 64].</value></summary>
    public int[] Hidden { get; set; } = [64, 64];

    /// <summary>Batch size per iteration (NumEnvs × NumSteps).</summary>
    public int BatchSize => NumEnvs * NumSteps;

    /// <summary>Transitions per minibatch.</summary>
    public int MinibatchSize => BatchSize / NumMinibatches;

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(TotalSteps > 0, "total_steps must be positive");
        Require(NumEnvs > 0, "num_envs must be positive");
        Require(NumSteps > 0, "num_steps must be positive");
        Require(LearningRate >= 0, "learning_rate must be ≥ 0");
        Require(Gamma is >= 0 and <= 1, "gamma must be in [0, 1]");
        Require(GaeLambda is >= 0 and <= 1, "gae_lambda must be in [0, 1]");
        Require(NumMinibatches > 0 && BatchSize % NumMinibatches == 0, "num_minibatches must divide num_envs × num_steps");
        Require(UpdateEpochs > 0, "update_epochs must be positive");
        Require(ClipCoef > 0, "clip_coef must be positive");
        Require(MaxGradNorm > 0, "max_grad_norm must be positive");
        Require(Hidden.Length > 0 && Hidden.All(h => h > 0), "hidden must list positive sizes");
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition) { throw new ArgumentException(message); }
    }
}
