namespace MetaRL.Learning.Applications;

/// <summary>The budget of <see cref="DiagnosisJourney"/>: how many folds and held-out hospitals are scored and the
/// policies' training budgets. <see cref="Quick"/> is the same journey at a small budget.</summary>
public sealed class DiagnosisJourneyOptions
{
    /// <summary>Stratified folds of the cross-validation. <value>The default value is 10.</value></summary>
    public int Folds { get; set; } = 10;

    /// <summary>Folds the learned policies are trained and scored on (the first ones; the baselines always use every fold).
    /// <value>The default value is 10.</value></summary>
    public int PolicyFolds { get; set; } = 10;

    /// <summary>Held-out hospitals each policy is scored on. <value>The default value is 10.</value></summary>
    public int HeldOutHospitals { get; set; } = 10;

    /// <summary>Seed of the folds' shuffle. <value>The default value is 0.</value></summary>
    public long SplitSeed { get; set; }

    /// <summary>Seed of the held-out hospitals and of training. <value>The default value is 1.</value></summary>
    public long Seed { get; set; } = 1;

    /// <summary>The policies' budgets and PPO settings.</summary>
    /// <value>The default value is <see cref="DiagnosisPolicyOptions"/>'s defaults.</value>
    public DiagnosisPolicyOptions Policy { get; set; } = new();

    /// <summary>The quick journey: 2 policy folds, 3 held-out hospitals, 300,000 pretraining and 20,000 fine-tuning steps.</summary>
    public static DiagnosisJourneyOptions Quick() => new()
    {
        PolicyFolds = 2,
        HeldOutHospitals = 3,
        Policy = new DiagnosisPolicyOptions { PretrainSteps = 300_000, AdaptSteps = 20_000 },
    };

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (Folds < 2) { throw new ArgumentException("folds must be at least 2."); }
        if (PolicyFolds < 1 || PolicyFolds > Folds) { throw new ArgumentException($"policy folds must be 1 … {Folds}."); }
        if (HeldOutHospitals < 1) { throw new ArgumentException("at least one held-out hospital is needed."); }
        Policy.Validate();
    }
}
