using MetaRL.Envs.Medical;

namespace MetaRL.Tests.Envs.Medical;

/// <summary>The baselines on WDBC folds: sanity thresholds and the cost bookkeeping.</summary>
public sealed class DiagnosisBaselineTests
{
    private static readonly DiagnosisData Wdbc = DiagnosisData.Wdbc;

    private static DiagnosisTask Nominal => new DiagnosisHospitals().Nominal(Wdbc.ListPrices, 212 / 569.0);

    [Fact]
    public void Logistic_regression_on_all_features_reaches_95_percent_accuracy_on_a_fold_split()
    {
        var fold = new DiagnosisFold(Wdbc, Wdbc.Folds(5, 0), 0);
        var s = DiagnosisBaselines.RunFold("logreg-all", fold, Nominal).Summarize(Nominal.Prevalence);
        Assert.True(s.Accuracy.Mean >= 0.95, $"accuracy {s.Accuracy.Mean}");
        Assert.Equal(fold.Test.Count, s.Patients);
        Assert.Equal(30, s.Tests.Mean);
    }

    [Fact]
    public void Every_baseline_pays_its_tests_and_the_greedy_policy_spends_less_than_all_tests()
    {
        var rows = DiagnosisBaselines.CrossValidate(Wdbc, Nominal, k: 5);
        Assert.Equal(DiagnosisBaselines.Methods, rows.Select(r => r.Method));
        var all = rows.Single(r => r.Method == "logreg-all").Summary;
        var cheap = rows.Single(r => r.Method == "logreg-cheap").Summary;
        var greedy = rows.Single(r => r.Method == "greedy").Summary;
        Assert.True(all.Cost.Mean >= Nominal.AllTestsCost);
        Assert.Equal(8, cheap.Tests.Mean);
        Assert.True(cheap.Cost.Mean >= 10); // 4 × 1 + 4 × 1.5
        Assert.True(greedy.Cost.Mean < all.Cost.Mean);
        Assert.True(greedy.Sensitivity.Mean >= 0.9, $"greedy sensitivity {greedy.Sensitivity.Mean}");
        Assert.All(rows, r => Assert.Equal(569, r.Summary.Patients));
    }

    [Fact]
    public void The_cheap_subset_is_size_and_texture_in_mean_and_worst_form()
    {
        var names = DiagnosisBaselines.CheapSubset(Wdbc).Select(i => Wdbc.Table.FeatureNames[i]).ToArray();
        Assert.Equal(["mean_radius", "mean_texture", "mean_perimeter", "mean_area", "worst_radius", "worst_texture", "worst_perimeter", "worst_area"], names);
    }

    [Fact]
    public void Cost_per_patient_is_reweighted_to_the_hospitals_prevalence_by_hand()
    {
        var m = new DiagnosisMetrics();
        m.Add(new DiagnosisOutcome(true, true, 1, 10));   // malignant, cost 10
        m.Add(new DiagnosisOutcome(false, false, 3, 2));  // benign, cost 2
        m.Add(new DiagnosisOutcome(false, true, 0, 200)); // false alarm
        m.Add(new DiagnosisOutcome(false, false, 0, 0));
        var s = m.Summarize(0.5);
        // Own prevalence ¼: malignant costs weighted 0.5 / 0.25 = 2, benign 0.5 / 0.75 = ⅔ → mean of {20, 4/3, 400/3, 0}.
        Assert.Equal((20 + 4 / 3.0 + 400 / 3.0) / 4, s.Cost.Mean, 9);
        Assert.Equal(0.75, s.Accuracy.Mean);
        Assert.Equal(1, s.Sensitivity.Mean);
        Assert.Equal(2 / 3.0, s.Specificity.Mean, 12);
        Assert.Equal(1, s.Tests.Mean);
    }
}
