namespace MetaRL.Learning;

/// <summary>
/// The hyperparameters every PPO variant shares, single-task or meta (Schulman et al., 2017, "Proximal Policy
/// Optimization Algorithms"): on top of the <see cref="ActorCriticSettings"/> A2C shares (step size, GAE), the epochs and
/// minibatches and the loss's coefficients, with CleanRL's
/// <c>ppo.py</c> defaults (Huang et al., 2022, "The 37 Implementation Details of Proximal Policy Optimization").
/// <see cref="PpoLoss"/> reads its coefficients from here, so the feed-forward (<see cref="PpoOptions"/>),
/// recurrent (<see cref="RecurrentPpoOptions"/>) and RL² (<see cref="Meta.Rl2Options"/>) variants bind, validate and
/// compute the loss from one definition. The vector-env budget of the single-task ones is <see cref="PpoRolloutSettings"/>.
/// </summary>
public abstract class PpoSettings : ActorCriticSettings
{
    /// <summary>Minibatches per epoch. <value>The default value is 4.</value></summary>
    public int NumMinibatches { get; set; } = 4;

    /// <summary>Passes over each rollout. <value>The default value is 4.</value></summary>
    public int UpdateEpochs { get; set; } = 4;

    /// <summary>Normalise advantages per minibatch. <value>The default value is true.</value></summary>
    public override bool NormAdv { get; set; } = true;

    /// <summary>Surrogate clipping ε. <value>The default value is 0.2.</value></summary>
    public double ClipCoef { get; set; } = 0.2;

    /// <summary>Clip the value loss around the old values. <value>The default value is true.</value></summary>
    public bool ClipVloss { get; set; } = true;

    /// <summary>Entropy bonus coefficient. <value>The default value is 0.01.</value></summary>
    public override double EntCoef { get; set; } = 0.01;

    /// <summary>Value loss coefficient. <value>The default value is 0.5.</value></summary>
    public override double VfCoef { get; set; } = 0.5;

    /// <summary>Global gradient-norm clip. <value>The default value is 0.5.</value></summary>
    public override double MaxGradNorm { get; set; } = 0.5;
}
