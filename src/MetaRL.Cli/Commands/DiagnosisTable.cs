using MetaRL.Envs.Medical;
using MetaRL.Statistics;

namespace MetaRL.Cli.Commands;

/// <summary>Diagnosis-v0's rows for <c>metarl baselines</c> and <c>metarl app diagnosis</c>: accuracy, sensitivity,
/// specificity, tests and cost per patient, as JSON or as a text table.</summary>
internal static class DiagnosisTable
{
    /// <summary>The <c>--json</c> form of one row (figures rounded to 6 decimals).</summary>
    public static object Json(string method, DiagnosisSummary s) => new
    {
        method,
        accuracy = R(s.Accuracy.Mean),
        sensitivity = R(s.Sensitivity.Mean),
        specificity = R(s.Specificity.Mean),
        tests = R(s.Tests.Mean),
        cost = R(s.Cost.Mean),
        accuracy_ci95 = R(s.Accuracy.HalfWidth),
        sensitivity_ci95 = R(s.Sensitivity.HalfWidth),
        specificity_ci95 = R(s.Specificity.HalfWidth),
        cost_ci95 = R(s.Cost.HalfWidth),
        n = s.Patients,
    };

    /// <summary>The rows as a text table (mean ± 95% half-width).</summary>
    public static void Write(TextWriter o, IEnumerable<(string Method, DiagnosisSummary Summary)> rows) =>
        TextTable.Write(o, ["method", "accuracy", "sensitivity", "specificity", "tests", "cost/patient", "n"],
            [.. rows.Select(r => (string[])[r.Method, Pm(r.Summary.Accuracy), Pm(r.Summary.Sensitivity), Pm(r.Summary.Specificity),
                F(r.Summary.Tests.Mean, "F2"), Pm(r.Summary.Cost, "F2"), r.Summary.Patients.ToString(CultureInfo.InvariantCulture)])],
            new HashSet<int>([1, 2, 3, 4, 5, 6]));

    /// <summary>Prints Diagnosis-v0's cross-validated baselines (<c>metarl baselines Diagnosis-v0</c>).</summary>
    public static int Baselines(TextWriter o, Dictionary<string, string> settings, string[]? methods, bool json)
    {
        var config = EnvRegistry.Settings("Diagnosis-v0", settings);
        var rows = DiagnosisSettings.Baselines(config, methods is { Length: > 0 } ? methods : null);
        if (json)
        {
            o.WriteLine(JsonSerializer.Serialize(new { rows = rows.Select(r => Json(r.Method, r.Summary)) }));
            return 0;
        }
        var hospital = DiagnosisSettings.NominalHospital(config, DiagnosisSettings.Data(config));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Diagnosis-v0  {config.Values["folds"]}-fold stratified CV (split_seed={config.Values["split_seed"]}); hospital: list prices (all tests {hospital.AllTestsCost:F1}), prevalence {hospital.Prevalence:F3}, miss {hospital.MissCost:G4}, false alarm {hospital.FalseAlarmCost:G4}"));
        Write(o, rows.Select(r => (r.Method, r.Summary)));
        return 0;
    }

    private static double R(double v) => Math.Round(v, 6);

    private static string Pm(MeanInterval m, string format = "F3") => $"{F(m.Mean, format)} ± {F(m.HalfWidth, format)}";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
