using System.Globalization;

namespace MetaRL.Envs.Medical;

/// <summary>The registry settings of Diagnosis-v0 and how they build the environment.</summary>
public static class DiagnosisSettings
{
    /// <summary>The settings keys with their defaults (<paramref name="episodes"/>: the RL² trial key).</summary>
    public static IReadOnlyList<EnvSetting> Keys(EnvSetting episodes)
    {
        var h = new DiagnosisHospitals();
        return
        [
            new("data", "wdbc", "the cases: wdbc (the built-in WDBC set) or the path of a CSV with a header and numeric features"),
            new("label", "diagnosis", "the label column of a CSV given as data"),
            new("positive", "M", "the label of malignant rows in a CSV given as data"),
            new("folds", "10", "stratified folds the rows are split into"),
            new("fold", "-1", "the fold held out (its rows form the test part); -1: no fold, every row is training data"),
            new("part", "train", "rows patients are drawn from: train (outside the fold) or test (the fold)"),
            new("split_seed", "0", "seed of the stratified shuffle that makes the folds"),
            new("posterior", "0", "1 to append the log-odds of a logistic regression on the observation (fitted on the training rows under random test subsets)"),
            new("max_tests", "30", "most tests per patient; one more order ends the episode undiagnosed"),
            new("prevalence_low", F(h.PrevalenceLow), "lowest prevalence of malignancy of a hospital"),
            new("prevalence_high", F(h.PrevalenceHigh), "highest prevalence of malignancy of a hospital"),
            new("price_spread", F(h.PriceSpread), "a hospital's price level: list prices × log-uniform factor in [1/s, s]"),
            new("test_spread", F(h.TestSpread), "each test's price: × another log-uniform factor in [1/s, s]"),
            new("miss_cost", F(h.MissCost), "nominal cost of a missed malignancy (false negative)"),
            new("false_alarm_cost", F(h.FalseAlarmCost), "nominal cost of a false alarm (false positive)"),
            new("cost_spread", F(h.CostSpread), "each hospital's misdiagnosis costs: nominal × log-uniform factor in [1/s, s]"),
            episodes,
        ];
    }

    /// <summary>The hospital distribution the settings describe.</summary>
    public static DiagnosisHospitals Hospitals(EnvSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        double low = s.Double("prevalence_low", 1e-6, 1 - 1e-6), high = s.Double("prevalence_high", 1e-6, 1 - 1e-6);
        if (high < low) { throw new EnvConfigurationException($"Diagnosis-v0: prevalence_high ({F(high)}) is below prevalence_low ({F(low)})."); }
        return new DiagnosisHospitals
        {
            PrevalenceLow = low,
            PrevalenceHigh = high,
            PriceSpread = s.Double("price_spread", 1, 100),
            TestSpread = s.Double("test_spread", 1, 100),
            MissCost = s.Double("miss_cost", 0, 1e9),
            FalseAlarmCost = s.Double("false_alarm_cost", 0, 1e9),
            CostSpread = s.Double("cost_spread", 1, 100),
        };
    }

    /// <summary>The cases the settings name (the built-in WDBC set, or a CSV read with the label settings).</summary>
    /// <exception cref="DataFormatException">The CSV is missing or malformed.</exception>
    public static DiagnosisData Data(EnvSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        string data = s.Values["data"];
        return data == "wdbc" ? DiagnosisData.Wdbc : DiagnosisData.Load(data, s.Values["label"], s.Values["positive"]);
    }

    /// <summary>The nominal hospital of the settings: list prices, the nominal costs, and the data set's prevalence
    /// unless prevalence_low = prevalence_high names one.</summary>
    public static DiagnosisTask NominalHospital(EnvSettings s, DiagnosisData data)
    {
        var h = Hospitals(s);
        double prevalence = h.PrevalenceLow == h.PrevalenceHigh ? h.PrevalenceLow : data.Prevalence([.. Enumerable.Range(0, data.Table.Rows)]);
        return h.Nominal(data.ListPrices, prevalence);
    }

    /// <summary>The baselines cross-validated over the settings' folds for their nominal hospital (<see cref="NominalHospital"/>).</summary>
    public static IReadOnlyList<DiagnosisRow> Baselines(EnvSettings s, IReadOnlyList<string>? methods = null)
    {
        var data = Data(s);
        int folds = s.Int("folds", 2, data.Table.Rows);
        return DiagnosisBaselines.CrossValidate(data, NominalHospital(s, data), folds, s.Int("split_seed"), methods);
    }

    /// <summary>Builds the environment.</summary>
    public static Diagnosis Make(EnvSettings s)
    {
        var data = Data(s);
        int folds = s.Int("folds", 2, data.Table.Rows);
        int fold = s.Int("fold", -1, folds - 1);
        var part = Enum.Parse<DiagnosisPart>(s.Choice("part", "train", "test"), ignoreCase: true);
        if (part == DiagnosisPart.Test && fold < 0) { throw new EnvConfigurationException("Diagnosis-v0: part=test needs a fold (0 … folds − 1)."); }
        return new Diagnosis(data, Hospitals(s), folds, fold, part, s.Int("split_seed"), s.Int("max_tests", 1, 10_000), s.Int("posterior", 0, 1) == 1);
    }

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
}
