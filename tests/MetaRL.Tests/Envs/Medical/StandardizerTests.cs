using MetaRL.Envs;
using MetaRL.Envs.Medical;

namespace MetaRL.Tests.Envs.Medical;

/// <summary>Standardisation uses the training fold's statistics only, and the folds are stratified.</summary>
public sealed class StandardizerTests
{
    private static TabularData Table(string text) => TabularData.Parse(new StringReader(text), "t.csv", new TabularCsvOptions { LabelColumn = "y", AllowMissing = true });

    [Fact]
    public void Statistics_are_those_of_the_training_rows_by_hand_and_missing_values_are_imputed_by_the_mean()
    {
        var t = Table("x,z,y\n1,5,A\n3,5,B\n,5,A\n100,7,B\n");
        var s = Standardizer.Fit(t, [0, 1, 2]);
        Assert.Equal(2, s.Mean[0], 12); // (1 + 3) / 2; the missing value is left out
        Assert.Equal(1, s.Std[0], 12);  // population std of {1, 3}
        Assert.Equal(1, s.Std[1]);      // constant column: centred, not scaled
        var z = new double[2];
        s.Transform(t, 2, z);
        Assert.Equal([0.0, 0], z);
        s.Transform(t, 3, z);
        Assert.Equal([98.0, 2], z);
    }

    [Fact]
    public void Changing_the_test_fold_rows_leaves_the_scaler_and_every_training_row_unchanged()
    {
        var wdbc = DiagnosisData.Wdbc;
        var lines = File.ReadAllLines(RepoPaths.Of("data", "wdbc", "wdbc.csv"));
        var folds = wdbc.Folds(10, 0);
        var before = new DiagnosisFold(wdbc, folds, 3);
        // Every held-out row's features become huge: nothing fitted on the training rows may move.
        var changed = lines.Select((l, i) => i == 0 || folds.FoldOf(i - 1) != 3 ? l : string.Join(",", l.Split(',').Select((c, j) => j < 30 ? "1e6" : c))).ToArray();
        var data = new DiagnosisData(TabularData.Parse(new StringReader(string.Join("\n", changed)), "changed.csv", new TabularCsvOptions { LabelColumn = "diagnosis" }), "M", "changed");
        var after = new DiagnosisFold(data, data.Folds(10, 0), 3);
        Assert.Equal(before.Test, after.Test);
        foreach (int r in before.Train)
        {
            for (int c = 0; c < 30; c++) { Assert.Equal(before.Z[r * 30 + c], after.Z[r * 30 + c]); }
        }
        Assert.NotEqual(before.Z[before.Test[0] * 30], after.Z[after.Test[0] * 30]);
        var envBefore = new Diagnosis(wdbc, new DiagnosisHospitals(), 10, 3);
        var envAfter = new Diagnosis(data, new DiagnosisHospitals(), 10, 3);
        Assert.Equal(envBefore.Scaler.Mean, envAfter.Scaler.Mean);
        Assert.Equal(envBefore.Scaler.Std, envAfter.Scaler.Std);
    }

    [Fact]
    public void Stratified_folds_hold_each_class_in_proportion_and_are_fixed_by_the_seed()
    {
        var wdbc = DiagnosisData.Wdbc;
        var folds = wdbc.Folds(10, 0);
        for (int f = 0; f < 10; f++)
        {
            var test = folds.Test(f);
            Assert.InRange(test.Count(r => wdbc.Malignant[r]), 21, 22);   // 212 malignant over 10 folds
            Assert.InRange(test.Count(r => !wdbc.Malignant[r]), 35, 36);  // 357 benign
            Assert.Equal(569, test.Length + folds.Train(f).Length);
        }
        Assert.Equal(folds.Test(4), wdbc.Folds(10, 0).Test(4));
        Assert.NotEqual(folds.Test(4), wdbc.Folds(10, 1).Test(4));
    }
}
