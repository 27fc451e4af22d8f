using MetaRL.Statistics;

namespace MetaRL.Envs.Medical;

/// <summary>One patient's outcome under a policy: the truth, the diagnosis, the tests ordered and the total cost
/// (tests' prices plus the misdiagnosis cost).</summary>
public readonly record struct DiagnosisOutcome(bool IsMalignant, bool SaysMalignant, int Tests, double Cost);

/// <summary>
/// The metrics of a diagnosis policy over held-out patients: accuracy, sensitivity (malignant cases diagnosed
/// malignant), specificity (benign cases diagnosed benign) — each over the patients as they are, with a 95% Wald
/// interval — tests ordered per patient, and the total cost per patient at the hospital's prevalence π: malignant
/// patients' costs weighted π / π̂ and benign ones (1 − π) / (1 − π̂), π̂ the held-out patients' own share, so the
/// mean is the expected cost under the hospital's case mix (with its 95% interval).
/// </summary>
public sealed class DiagnosisMetrics
{
    private readonly List<DiagnosisOutcome> _outcomes = [];

    /// <summary>Records one patient.</summary>
    public void Add(DiagnosisOutcome outcome) => _outcomes.Add(outcome);

    /// <summary>Records every patient of <paramref name="other"/>.</summary>
    public void Add(DiagnosisMetrics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _outcomes.AddRange(other._outcomes);
    }

    /// <summary>Patients recorded.</summary>
    public int Count => _outcomes.Count;

    /// <summary>The outcomes recorded, in order.</summary>
    public IReadOnlyList<DiagnosisOutcome> Outcomes => _outcomes;

    /// <summary>The summary at prevalence <paramref name="prevalence"/> (the cost's case mix).</summary>
    public DiagnosisSummary Summarize(double prevalence)
    {
        int n = _outcomes.Count, pos = _outcomes.Count(o => o.IsMalignant), neg = n - pos;
        int tp = _outcomes.Count(o => o.IsMalignant && o.SaysMalignant), tn = _outcomes.Count(o => !o.IsMalignant && !o.SaysMalignant);
        double own = pos / (double)Math.Max(1, n);
        var cost = MeanInterval.Of([.. _outcomes.Select(o => o.Cost * (o.IsMalignant ? prevalence / own : (1 - prevalence) / (1 - own)))]);
        return new DiagnosisSummary(
            Proportion(tp + tn, n), Proportion(tp, pos), Proportion(tn, neg),
            MeanInterval.Of([.. _outcomes.Select(o => (double)o.Tests)]), cost, n);
    }

    private static MeanInterval Proportion(int k, int n)
    {
        double p = n == 0 ? 0 : k / (double)n;
        double sd = Math.Sqrt(p * (1 - p));
        return new MeanInterval(p, sd, n == 0 ? 0 : MeanInterval.Z95 * sd / Math.Sqrt(n), n);
    }
}

/// <summary>The figures of <see cref="DiagnosisMetrics"/>: each a mean with its 95% half-width and count.</summary>
public sealed record DiagnosisSummary(MeanInterval Accuracy, MeanInterval Sensitivity, MeanInterval Specificity, MeanInterval Tests, MeanInterval Cost, int Patients);
