using MetaRL.Envs.Medical;
using System.Diagnostics;
using MetaRL.Statistics;

namespace MetaRL.Learning.Applications;

/// <summary>One method on the held-out hospitals: its summary on each (patients of the policy folds, cost at that
/// hospital's prevalence) and their average with a 95% interval across hospitals.</summary>
public sealed record DiagnosisMethodResult(string Method, IReadOnlyList<DiagnosisSummary> PerHospital, DiagnosisSummary Average);

/// <summary>What <see cref="DiagnosisJourney.Run"/> measured.</summary>
public sealed record DiagnosisJourneyResult(
    DiagnosisJourneyOptions Options,
    DiagnosisTask Nominal,
    IReadOnlyList<DiagnosisRow> NominalBaselines,
    IReadOnlyList<DiagnosisTask> Hospitals,
    IReadOnlyList<DiagnosisMethodResult> HeldOut,
    IReadOnlyList<(long Step, double Return)> PretrainCurve,
    IReadOnlyList<(long Step, double Return)> OneHospitalCurve,
    IReadOnlyList<(long Step, double Return)> AdaptCurve,
    double Seconds);

/// <summary>
/// The diagnosis application end to end: the WDBC cases under stratified k-fold cross-validation; the classical
/// baselines on every fold for the nominal hospital; then, on the policy folds, PPO pretrained across hospitals,
/// fine-tuned on each held-out hospital (<c>ppo-adapted</c>) or used as it is (<c>ppo-pretrained</c>), beside PPO trained
/// for the nominal hospital alone (<c>ppo-one-hospital</c>) and the baselines, all scored on the same held-out patients
/// for the same held-out hospitals (drawn from their own generator, never seen in training).
/// </summary>
public static class DiagnosisJourney
{
    /// <summary>The methods compared on held-out hospitals, in report order.</summary>
    public static IReadOnlyList<string> Methods { get; } =
        [.. DiagnosisBaselines.Methods, "ppo-one-hospital", "ppo-pretrained", "ppo-adapted"];

    /// <summary>Runs the journey; <paramref name="log"/> hears progress.</summary>
    public static DiagnosisJourneyResult Run(DiagnosisData data, DiagnosisHospitals hospitals, DiagnosisJourneyOptions options, Action<string>? log = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(hospitals);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var nominal = hospitals.Nominal(data.ListPrices, data.Prevalence([.. Enumerable.Range(0, data.Table.Rows)]));
        log?.Invoke($"baselines: {options.Folds}-fold stratified CV, nominal hospital");
        var nominalRows = DiagnosisBaselines.CrossValidate(data, nominal, options.Folds, options.SplitSeed);
        var heldOutRng = new Rng(options.Seed).Split();
        var heldOut = Enumerable.Range(0, options.HeldOutHospitals).Select(_ => hospitals.Sample(heldOutRng, data.ListPrices)).ToArray();
        var metrics = Methods.ToDictionary(m => m, _ => heldOut.Select(_ => new DiagnosisMetrics()).ToArray());
        var folds = data.Folds(options.Folds, options.SplitSeed);
        List<(long, double)> pretrainCurve = [], oneCurve = [], adaptCurve = [];
        for (int f = 0; f < options.PolicyFolds; f++)
        {
            cancel.ThrowIfCancellationRequested();
            var fold = new DiagnosisFold(data, folds, f);
            long seed = options.Seed * 1000 + f * 10;
            log?.Invoke($"fold {f + 1}/{options.PolicyFolds}: pretraining across hospitals ({options.Policy.PretrainSteps:N0} steps)");
            var pre = DiagnosisPolicies.Train(data, hospitals, options.Folds, f, options.SplitSeed, null, options.Policy, seed);
            log?.Invoke($"fold {f + 1}/{options.PolicyFolds}: training for the nominal hospital ({options.Policy.PretrainSteps:N0} steps)");
            var one = DiagnosisPolicies.Train(data, hospitals, options.Folds, f, options.SplitSeed, nominal, options.Policy, seed + 1);
            if (f == 0) { (pretrainCurve, oneCurve) = ([.. pre.Curve], [.. one.Curve]); }
            for (int h = 0; h < heldOut.Length; h++)
            {
                cancel.ThrowIfCancellationRequested();
                var hospital = heldOut[h];
                foreach (var m in DiagnosisBaselines.Methods) { metrics[m][h].Add(DiagnosisBaselines.RunFold(m, fold, hospital)); }
                metrics["ppo-one-hospital"][h].Add(DiagnosisPolicies.Evaluate(one.Learner, data, options.Folds, f, options.SplitSeed, hospital, options.Policy.Posterior));
                metrics["ppo-pretrained"][h].Add(DiagnosisPolicies.Evaluate(pre.Learner, data, options.Folds, f, options.SplitSeed, hospital, options.Policy.Posterior));
                var adapted = options.Policy.AdaptSteps > 0
                    ? DiagnosisPolicies.Train(data, hospitals, options.Folds, f, options.SplitSeed, hospital, options.Policy, seed + 2 + h * 1000, pre.Learner)
                    : pre;
                if (f == 0 && h == 0) { adaptCurve = [.. adapted.Curve]; }
                metrics["ppo-adapted"][h].Add(DiagnosisPolicies.Evaluate(adapted.Learner, data, options.Folds, f, options.SplitSeed, hospital, options.Policy.Posterior));
            }
            log?.Invoke($"fold {f + 1}/{options.PolicyFolds}: scored on {heldOut.Length} held-out hospitals ({clock.Elapsed.TotalSeconds:F0} s)");
        }
        var results = Methods.Select(m =>
        {
            var per = heldOut.Select((h, i) => metrics[m][i].Summarize(h.Prevalence)).ToArray();
            return new DiagnosisMethodResult(m, per, Average(per));
        }).ToArray();
        return new DiagnosisJourneyResult(options, nominal, nominalRows, heldOut, results, pretrainCurve, oneCurve, adaptCurve, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Each figure's mean across hospitals with its 95% interval (1.96 standard errors across hospitals).</summary>
    public static DiagnosisSummary Average(IReadOnlyList<DiagnosisSummary> perHospital)
    {
        ArgumentNullException.ThrowIfNull(perHospital);
        MeanInterval Of(Func<DiagnosisSummary, MeanInterval> pick) => MeanInterval.Of([.. perHospital.Select(s => pick(s).Mean)]);
        return new DiagnosisSummary(Of(s => s.Accuracy), Of(s => s.Sensitivity), Of(s => s.Specificity), Of(s => s.Tests), Of(s => s.Cost), perHospital.Sum(s => s.Patients));
    }
}
