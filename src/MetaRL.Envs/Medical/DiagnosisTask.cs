using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MetaRL.Envs.Medical;

/// <summary>
/// A hospital of <see cref="Diagnosis"/>: its price of each test (feature), the prevalence of malignancy in its case
/// mix, and its cost matrix — <see cref="MissCost"/> for a malignancy diagnosed benign (a false negative),
/// <see cref="FalseAlarmCost"/> for a benign case diagnosed malignant (a false positive), 0 for a correct diagnosis.
/// </summary>
public sealed record DiagnosisTask(ImmutableArray<double> TestCosts, double Prevalence, double MissCost, double FalseAlarmCost) : EnvTask, ITaskFeatures
{
    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => TestCosts.Length + 3;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        for (int i = 0; i < TestCosts.Length; i++) { destination[i] = (float)TestCosts[i]; }
        destination[TestCosts.Length] = (float)Prevalence;
        destination[TestCosts.Length + 1] = (float)MissCost;
        destination[TestCosts.Length + 2] = (float)FalseAlarmCost;
    }

    /// <summary>The cost of diagnosing <paramref name="saysMalignant"/> a patient who <paramref name="isMalignant"/>.</summary>
    public double Misdiagnosis(bool saysMalignant, bool isMalignant) =>
        saysMalignant == isMalignant ? 0 : isMalignant ? MissCost : FalseAlarmCost;

    /// <summary>The Bayes decision for a posterior probability of malignancy <paramref name="p"/>: malignant when its
    /// expected cost (1 − p)·FalseAlarmCost is below that of benign, p·MissCost.</summary>
    public bool Decide(double p) => (1 - p) * FalseAlarmCost < p * MissCost;

    /// <summary>The expected misdiagnosis cost of the Bayes decision at posterior <paramref name="p"/>.</summary>
    public double Risk(double p) => Math.Min((1 - p) * FalseAlarmCost, p * MissCost);

    /// <summary>The sum of every test's price (the cost of ordering them all).</summary>
    public double AllTestsCost => TestCosts.Sum();
}
