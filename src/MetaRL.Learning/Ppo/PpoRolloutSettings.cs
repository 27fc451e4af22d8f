namespace MetaRL.Learning;

/// <summary>
/// <see cref="PpoSettings"/> of the PPO variants that step a vector of environments (<see cref="PpoOptions"/>,
/// <see cref="RecurrentPpoOptions"/>): the step budget, the rollout's shape and reward normalisation, with
/// CleanRL's <c>ppo.py</c> defaults.
/// </summary>
public abstract class PpoRolloutSettings : PpoSettings, IAlgorithmOptions
{
    /// <summary>Environment steps to train for, summed over environments. <value>The default value is 500000.</value></summary>
    public long TotalSteps { get; set; } = 500_000;

    /// <summary>Parallel environments. <value>The default value is 4.</value></summary>
    public int NumEnvs { get; set; } = 4;

    /// <summary>Steps per environment per rollout. <value>The default value is 128.</value></summary>
    public int NumSteps { get; set; } = 128;

    /// <summary>Scale the learner's rewards by the running std of discounted returns (Gymnasium's
    /// <c>NormalizeReward</c>, which CleanRL's continuous-action PPO applies). <value>The default value is false.</value></summary>
    public bool NormReward { get; set; }

    /// <inheritdoc />
    /// <remarks>Whole rollouts of <see cref="NumEnvs"/> × <see cref="NumSteps"/> steps.</remarks>
    public TrainingBudget Budget => TrainingBudget.WholeRollouts(TotalSteps, NumEnvs, NumSteps);
}
