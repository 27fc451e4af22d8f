namespace MetaRL.Envs.Medical;

/// <summary>One baseline's cross-validated figures.</summary>
public sealed record DiagnosisRow(string Method, DiagnosisSummary Summary);

/// <summary>
/// The classical baselines of Diagnosis-v0 under stratified k-fold cross-validation (each fold standardised and
/// fitted on its training rows only, scored on its held-out rows): <c>logreg-all</c>, a logistic regression on every
/// test with the 0.5 threshold (the usual accuracy reference); <c>logreg-all-cost</c>, the same model with the Bayes
/// decision under the hospital's cost matrix and prevalence; <c>logreg-cheap</c>, the Bayes decision of a logistic
/// regression on the fixed cheap subset (<see cref="CheapSubset"/>); and <c>greedy</c>, the cost-aware greedy
/// acquisition policy (<see cref="GreedyAcquisition"/>). A method that orders every test of its subset pays for all of them.
/// </summary>
public static class DiagnosisBaselines
{
    /// <summary>The baselines, in the order they are reported.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["logreg-all", "logreg-all-cost", "logreg-cheap", "greedy"];

    /// <summary>The fixed cheap subset: every test whose list price is at most 1.5 (on WDBC the size and texture
    /// measurements, radius, texture, perimeter and area, in their mean and worst forms).</summary>
    public static IReadOnlyList<int> CheapSubset(DiagnosisData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. Enumerable.Range(0, data.Tests).Where(t => data.ListPrices[t] <= 1.5)];
    }

    /// <summary>Cross-validates the named methods (all when null) over <paramref name="k"/> stratified folds shuffled
    /// with <paramref name="seed"/>, for <paramref name="hospital"/>.</summary>
    public static IReadOnlyList<DiagnosisRow> CrossValidate(DiagnosisData data, DiagnosisTask hospital, int k = 10, long seed = 0, IReadOnlyList<string>? methods = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(hospital);
        methods ??= Methods;
        foreach (var m in methods)
        {
            if (!Methods.Contains(m)) { throw new EnvConfigurationException($"Diagnosis-v0 has no baseline '{m}'; available: {string.Join(", ", Methods)}."); }
        }
        var folds = data.Folds(k, seed);
        var metrics = methods.ToDictionary(m => m, _ => new DiagnosisMetrics());
        for (int f = 0; f < k; f++)
        {
            var fold = new DiagnosisFold(data, folds, f);
            foreach (var m in methods) { metrics[m].Add(RunFold(m, fold, hospital)); }
        }
        return [.. methods.Select(m => new DiagnosisRow(m, metrics[m].Summarize(hospital.Prevalence)))];
    }

    /// <summary>One method fitted on <paramref name="fold"/>'s training rows and scored on its held-out rows.</summary>
    public static DiagnosisMetrics RunFold(string method, DiagnosisFold fold, DiagnosisTask hospital)
    {
        ArgumentNullException.ThrowIfNull(fold);
        ArgumentNullException.ThrowIfNull(hospital);
        var result = new DiagnosisMetrics();
        if (method == "greedy")
        {
            var greedy = new GreedyAcquisition(fold, hospital);
            foreach (int r in fold.Test) { result.Add(greedy.Diagnose(r)); }
            return result;
        }
        var columns = method == "logreg-cheap" ? CheapSubset(fold.Data) : [.. Enumerable.Range(0, fold.Data.Tests)];
        var model = LogisticRegression.Fit(fold.Z, fold.Width, fold.Train, fold.Data.Malignant, columns);
        double price = columns.Sum(c => hospital.TestCosts[c]);
        foreach (int r in fold.Test)
        {
            double p = model.Probability(fold.Z, fold.Width, r, fold.TrainPrevalence, hospital.Prevalence);
            bool says = method == "logreg-all" ? model.LogOdds(fold.Z, fold.Width, r) > 0 : hospital.Decide(p);
            bool truth = fold.Data.Malignant[r];
            result.Add(new DiagnosisOutcome(truth, says, columns.Count, price + hospital.Misdiagnosis(says, truth)));
        }
        return result;
    }
}
