using MetaRL.Memory;

namespace MetaRL.Learning;

/// <summary>
/// The settings every actor-critic learner trained by Adam on GAE advantages shares: synchronous A2C
/// (<see cref="A2cOptions"/>; Mnih et al., 2016, "Asynchronous Methods for Deep Reinforcement Learning") and
/// every PPO variant (<see cref="PpoSettings"/>; Schulman et al., 2017). The defaults are CleanRL's
/// <c>ppo.py</c>; a learner with other defaults sets them in its constructor. The loss's coefficients and
/// advantage normalisation are declared by each learner with its own default, so that each keeps its keys
/// in its own order in <c>config.yaml</c>.
/// </summary>
public abstract class ActorCriticSettings : ILearnerOptions
{
    /// <summary>Adam step size at the start. <value>The default value is 2.5e-4 (A2C 7e-4, RL² 1e-3).</value></summary>
    public double LearningRate { get; set; } = 2.5e-4;

    /// <summary>Anneal the learning rate linearly to 0 over the run. <value>The default value is true (RL² false).</value></summary>
    public bool AnnealLr { get; set; } = true;

    /// <summary>Adam epsilon. <value>The default value is 1e-5.</value></summary>
    public double AdamEpsilon { get; set; } = 1e-5;

    /// <summary>Discount factor γ. <value>The default value is 0.99.</value></summary>
    public double Gamma { get; set; } = 0.99;

    /// <summary>GAE λ (Schulman et al., 2016; 1 gives n-step returns). <value>The default value is 0.95 (A2C 1.0, RL² 0.3).</value></summary>
    public double GaeLambda { get; set; } = 0.95;

    /// <summary>Normalise advantages (per minibatch for PPO, per update for A2C).</summary>
    public abstract bool NormAdv { get; set; }

    /// <summary>Entropy bonus coefficient.</summary>
    public abstract double EntCoef { get; set; }

    /// <summary>Value loss coefficient.</summary>
    public abstract double VfCoef { get; set; }

    /// <summary>Global gradient-norm clip.</summary>
    public abstract double MaxGradNorm { get; set; }

    /// <summary>Throws naming the first invalid setting.</summary>
    public abstract void Validate();

    /// <inheritdoc />
    public abstract MemoryEstimate EstimateMemory(ModelShape shape);

    /// <summary>What a rollout buffer holds per step at the least: the observation, the action and six
    /// numbers per step (log-probability, reward, done, value, advantage, return).</summary>
    protected static double RolloutFloats(ModelShape shape) => shape.Observations + 7;

    /// <summary>The copies of every parameter an Adam-trained learner holds: weights, gradients and Adam's two moments.</summary>
    protected const string AdamCopies = "weights, gradients and Adam's two moments";
}
