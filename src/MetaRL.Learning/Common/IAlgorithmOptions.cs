namespace MetaRL.Learning;

/// <summary>What every single-task algorithm's options class has: a step budget, a number of environments, validation.</summary>
public interface IAlgorithmOptions : ILearnerOptions
{
    /// <summary>Environment steps to train for, summed over environments (the config key <c>total_steps</c>).</summary>
    long TotalSteps { get; set; }

    /// <summary>Environments stepped in lockstep.</summary>
    int NumEnvs { get; }

    /// <summary>The steps a run of these (valid) options takes: <see cref="TotalSteps"/>, unless the learner stops only
    /// at whole updates (on-policy learners round down to whole rollouts, <see cref="TrainingBudget.WholeRollouts"/>).</summary>
    TrainingBudget Budget => TrainingBudget.Steps(TotalSteps);
}
