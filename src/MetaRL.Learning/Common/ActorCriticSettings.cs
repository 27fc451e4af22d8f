namespace MetaRL.Learning;

/// <summary>
/// The settings every on-policy actor-critic learner shares, synchronous A2C (<see cref="A2cOptions"/>; Mnih et
/// al., 2016, "Asynchronous Methods for Deep Reinforcement Learning") and PPO (<see cref="PpoSettings"/>;
/// Schulman et al., 2017): the rollout size, Adam and its annealing, discounting and GAE (Schulman et al.,
/// 2016), and the loss coefficients. The defaults here are CleanRL's <c>ppo.py</c>; A2C sets its own in its
/// constructor. The loss coefficients and advantage normalisation are declared by each learner's settings
/// with its own default, so that each keeps its keys in its own order in <c>config.yaml</c>.
/// </summary>
public abstract class ActorCriticSettings : IAlgorithmOptions
{
    /// <summary>Environment steps to train for, summed over environments. <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>Parallel environments. <value>The default value is 4 (8 for A2C).</value></summary>
    public int NumEnvs { get; set; } = 4;

    /// <summary>Steps per environment per rollout. <value>The default value is 128 (5 for A2C).</value></summary>
    public int NumSteps { get; set; } = 128;

    /// <summary>Adam step size at the start. <value>The default value is 2.5e-4 (7e-4 for A2C).</value></summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0 over the run. <value>The default value is true.</value></summary>
    public bool AnnealLr { get; set; } = true;

    /// <summary>Adam epsilon. <value>The default value is 1e-5.</value></summary>
    public double AdamEpsilon { get; set; } = 1e-5;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE λ (Schulman et al., 2016; 1 = n-step returns). <value>The default value is 0.95 (1.0 for A2C).</value></summary>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Normalise advantages (per minibatch for PPO, per update for A2C).</summary>
    public abstract bool NormAdv { get; set; }

    /// <summary>Entropy bonus coefficient.</summary>
    public abstract double EntCoef { get; set; }

    /// <summary>Value loss coefficient.</summary>
    public abstract double VfCoef { get; set; }

    /// <summary>Global gradient-norm clip.</summary>
    public abstract double MaxGradNorm { get; set; }

    /// <summary>Transitions per rollout (NumEnvs × NumSteps).</summary>
    public int BatchSize => NumEnvs * NumSteps;

    /// <inheritdoc />
    public abstract void Validate();
}
