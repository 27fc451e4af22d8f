namespace MetaRL.Learning;

/// <summary>What a <see cref="TrainingBudget"/> counts.</summary>
public enum BudgetUnit
{
    /// <summary>Environment steps, summed over environments (single-task algorithms).</summary>
    Steps,

    /// <summary>Meta-iterations, one meta-update each (meta-learners).</summary>
    Iterations,
}

/// <summary>
/// How much training a run is, in the unit its loop counts: environment steps for a single-task algorithm
/// (<see cref="IAlgorithmOptions.Budget"/>), meta-iterations for a meta-learner (<see cref="Meta.MetaSetup.Budget"/>).
/// It is what the learner will actually run, so trainers stop at it and progress displays count towards it.
/// </summary>
public readonly record struct TrainingBudget(long Amount, BudgetUnit Unit)
{
    /// <summary>A budget of <paramref name="steps"/> environment steps.</summary>
    public static TrainingBudget Steps(long steps) => new(steps, BudgetUnit.Steps);

    /// <summary>A budget of <paramref name="iterations"/> meta-iterations.</summary>
    public static TrainingBudget Iterations(long iterations) => new(iterations, BudgetUnit.Iterations);

    /// <summary>A step budget of <paramref name="totalSteps"/> rounded down to whole rollouts of <paramref name="numSteps"/>
    /// steps from each of <paramref name="numEnvs"/> environments (an on-policy learner stops only after a whole rollout).</summary>
    public static TrainingBudget WholeRollouts(long totalSteps, int numEnvs, int numSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numSteps);
        long batch = (long)numEnvs * numSteps;
        return Steps(totalSteps / batch * batch);
    }

    /// <summary>The amount with its unit, e.g. <c>19,968 steps</c> or <c>100 iterations</c>.</summary>
    public override string ToString() =>
        Amount.ToString("N0", CultureInfo.InvariantCulture) + (Unit == BudgetUnit.Steps ? " steps" : " iterations");
}
