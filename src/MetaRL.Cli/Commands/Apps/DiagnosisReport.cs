using MetaRL.Envs.Medical;
using MetaRL.Learning.Applications;
using MetaRL.Statistics;
using MetaRL.Tracking.Plots;
using MetaRL.Tracking.Reports;

namespace MetaRL.Cli.Commands.Apps;

/// <summary>The report, the results file and the target verdict of <c>metarl app diagnosis</c>.</summary>
internal static class DiagnosisReport
{
    /// <summary>The report of <paramref name="r"/>.</summary>
    public static ApplicationReport Build(DiagnosisJourneyResult r, DiagnosisData data, bool quick)
    {
        var o = r.Options;
        var lead = I($"Diagnosis-v0 on {data.Name} ({data.Table.Rows} cases, {data.Tests} tests, {data.Malignant.Count(m => m)} malignant); stratified {o.Folds}-fold cross-validation (split seed {o.SplitSeed}); {r.Hospitals.Count} held-out hospitals (seed {o.Seed}); {(quick ? "quick budget" : "full budget")}: PPO {o.Policy.PretrainSteps:N0} pretraining steps, {o.Policy.AdaptSteps:N0} fine-tuning steps per hospital, on {o.PolicyFolds} of {o.Folds} folds; {r.Seconds:F0} s.");
        var sections = new List<ReportSection>
        {
            new("The task",
            [
                "An episode is a patient drawn from the hospital's case mix. Each step the agent orders one test (one of the 30 WDBC features) at the hospital's price, or stops and diagnoses benign or malignant; the reward is minus the tests' prices minus the cost-matrix entry of the diagnosis (a missed malignancy costs the hospital's miss cost, a false alarm its false-alarm cost). The agent sees which tests are done and their values, standardised with the training fold's statistics; it does not see the hospital. "
                    + (o.Policy.Posterior ? "The PPO policies here also see one more input (Diagnosis-v0's posterior=1): the log-odds of malignancy of a logistic regression on that observation, fitted on the training fold's patients under random subsets of tests; PPO learned a weaker classifier from rewards alone (0.91 accuracy at 1.6 times the cost per patient in a one-fold trial)." : "The PPO policies see that observation only (no posterior input).") + " PPO normalises observations (running mean and variance).",
                I($"Hospitals (tasks) differ in test prices (list prices × a hospital level × a per-test factor), prevalence of malignancy (the case mix is resampled) and cost matrix. The nominal hospital has the list prices (all 30 tests cost {r.Nominal.AllTestsCost:F1}), the data set's prevalence {r.Nominal.Prevalence:F3}, a miss cost of {r.Nominal.MissCost:G4} and a false-alarm cost of {r.Nominal.FalseAlarmCost:G4}."),
                "Cost per patient is the expected cost at the hospital's prevalence: held-out patients' costs reweighted from the fold's case mix to the hospital's. Accuracy, sensitivity and specificity are over the held-out patients as they are.",
            ], [], []),
            new(I($"Baselines, nominal hospital, {o.Folds}-fold CV"),
            [
                "logreg-all: logistic regression (L2, C = 1) on all tests, threshold 0.5. logreg-all-cost: the same model, Bayes decision under the hospital's costs and prevalence. logreg-cheap: the Bayes decision of a logistic regression on the fixed cheap subset (size and texture, mean and worst forms). greedy: the cost-aware greedy acquisition policy (tests chosen by forward selection per unit price; a patient is diagnosed once the expected misdiagnosis cost is below the next test's price).",
            ], [MethodTable(r.NominalBaselines.Select(b => (b.Method, b.Summary)), "n = patients; ± = 95% interval (Wald for proportions; over patients for cost).")], []),
            new("Held-out hospitals",
            [
                "ppo-one-hospital: PPO trained for the nominal hospital, used as it is. ppo-pretrained: PPO trained across hospitals (a fresh hospital each episode), used as it is. ppo-adapted: ppo-pretrained fine-tuned by PPO on the held-out hospital's training-fold patients. Every method is scored on the same held-out patients for the same hospitals.",
            ],
            [
                MethodTable(r.HeldOut.Select(m => (m.Method, m.Average)), "Mean across held-out hospitals ± 95% interval across hospitals; n = patient-scorings pooled over hospitals."),
                new ReportTable(["hospital", "prevalence", "all tests", "miss cost", "false alarm"],
                    [.. r.Hospitals.Select((h, i) => new[] { I($"{i + 1}"), I($"{h.Prevalence:F3}"), I($"{h.AllTestsCost:F1}"), I($"{h.MissCost:F0}"), I($"{h.FalseAlarmCost:F0}") })]),
            ],
            [
                PerHospital(r, "Cost per patient on each held-out hospital", "cost per patient", s => s.Cost.Mean),
                PerHospital(r, "Sensitivity on each held-out hospital", "sensitivity", s => s.Sensitivity.Mean),
            ]),
            new("Training", ["Mean return of the last 100 training episodes (fold 1; adaptation on held-out hospital 1)."], [],
            [
                Curve("Pretraining across hospitals", r.PretrainCurve, "across hospitals"),
                Curve("Training for the nominal hospital", r.OneHospitalCurve, "nominal hospital"),
                Curve("Fine-tuning on held-out hospital 1", r.AdaptCurve, "adapted"),
            ]),
            new("Target", [Verdict(r)], [], []),
            new("Limits",
            [
                "WDBC records no test prices: the price list is synthetic (size and texture cheap, concavity and fractal dimension dear; the spread over nuclei dearer than the mean). In a clinic the 30 features come from one image of one aspirate, so ordering them one by one models a cost-aware feature acquisition, not a clinical pathway.",
                "569 cases: the 95% intervals are wide (about ±2 points of accuracy), and a held-out fold holds about 21 malignant cases, so one missed malignancy moves a fold's sensitivity by 5 points.",
            ], [], []),
        };
        return new ApplicationReport("Cost-aware diagnosis (Diagnosis-v0 on WDBC)", lead, sections);
    }

    /// <summary>Whether the adapted policy met the target, figure by figure.</summary>
    public static string Verdict(DiagnosisJourneyResult r)
    {
        var adapted = r.HeldOut.Single(m => m.Method == "ppo-adapted").Average;
        var all = r.HeldOut.Single(m => m.Method == "logreg-all").Average;
        bool sens = adapted.Sensitivity.Mean >= 0.97, cost = adapted.Cost.Mean < all.Cost.Mean, acc = adapted.Accuracy.Mean >= all.Accuracy.Mean - 0.02;
        return I($"Target (held-out hospitals): sensitivity ≥ 0.97: {adapted.Sensitivity.Mean:F3} ({Yes(sens)}); cost below logreg-all's {all.Cost.Mean:F2}: {adapted.Cost.Mean:F2} ({Yes(cost)}); accuracy within 2 points of logreg-all's {all.Accuracy.Mean:F3}: {adapted.Accuracy.Mean:F3} ({Yes(acc)}).");
    }

    /// <summary>The results as JSON (options, nominal baselines, hospitals, per-method averages and per-hospital figures).</summary>
    public static string Json(DiagnosisJourneyResult r) => JsonSerializer.Serialize(new
    {
        folds = r.Options.Folds,
        policy_folds = r.Options.PolicyFolds,
        split_seed = r.Options.SplitSeed,
        seed = r.Options.Seed,
        pretrain_steps = r.Options.Policy.PretrainSteps,
        adapt_steps = r.Options.Policy.AdaptSteps,
        seconds = Math.Round(r.Seconds, 1),
        nominal_baselines = r.NominalBaselines.Select(b => DiagnosisTable.Json(b.Method, b.Summary)),
        hospitals = r.Hospitals.Select(h => new { prevalence = h.Prevalence, all_tests = h.AllTestsCost, miss_cost = h.MissCost, false_alarm_cost = h.FalseAlarmCost }),
        held_out = r.HeldOut.Select(m => new { average = DiagnosisTable.Json(m.Method, m.Average), per_hospital = m.PerHospital.Select(s => DiagnosisTable.Json(m.Method, s)) }),
        verdict = Verdict(r),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static ReportTable MethodTable(IEnumerable<(string Method, DiagnosisSummary Summary)> rows, string note) =>
        new(["method", "accuracy", "sensitivity", "specificity", "tests", "cost / patient", "n"],
            [.. rows.Select(x => new[] { x.Method, Pm(x.Summary.Accuracy), Pm(x.Summary.Sensitivity), Pm(x.Summary.Specificity), I($"{x.Summary.Tests.Mean:F2}"), Pm(x.Summary.Cost, "F2"), I($"{x.Summary.Patients}") })], note);

    private static ReportChart PerHospital(DiagnosisJourneyResult r, string title, string label, Func<DiagnosisSummary, double> pick)
    {
        var x = Enumerable.Range(1, r.Hospitals.Count).Select(i => (double)i).ToArray();
        return new ReportChart(new ChartSpec(title, "held-out hospital", label, IntegerX: true),
            [.. r.HeldOut.Select(m => new PlotSeries(m.Method, x, [.. m.PerHospital.Select(pick)]))]);
    }

    private static ReportChart Curve(string title, IReadOnlyList<(long Step, double Return)> curve, string name) =>
        new(new ChartSpec(title, "environment step", "mean episode return"),
            [new PlotSeries(name, [.. curve.Select(c => (double)c.Step)], [.. curve.Select(c => c.Return)])]);

    private static string Pm(MeanInterval m, string format = "F3") => $"{m.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {m.HalfWidth.ToString(format, CultureInfo.InvariantCulture)}";

    private static string Yes(bool b) => b ? "met" : "not met";

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
