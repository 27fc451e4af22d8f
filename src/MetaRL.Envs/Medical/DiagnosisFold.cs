namespace MetaRL.Envs.Medical;

/// <summary>One split of a cross-validation over <see cref="DiagnosisData"/>: its training and test rows, and every
/// row standardised with the training rows' statistics only (<see cref="Standardizer"/>).</summary>
public sealed class DiagnosisFold
{
    /// <summary>Fold <paramref name="fold"/> of <paramref name="folds"/>.</summary>
    public DiagnosisFold(DiagnosisData data, StratifiedFolds folds, int fold)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(folds);
        Data = data;
        Index = fold;
        Train = folds.Train(fold);
        Test = folds.Test(fold);
        Z = Standardizer.Fit(data.Table, Train).Transform(data.Table, [.. Enumerable.Range(0, data.Table.Rows)]);
        TrainPrevalence = data.Prevalence(Train);
    }

    /// <summary>The cases.</summary>
    public DiagnosisData Data { get; }

    /// <summary>Which fold is held out.</summary>
    public int Index { get; }

    /// <summary>The training rows.</summary>
    public IReadOnlyList<int> Train { get; }

    /// <summary>The held-out rows.</summary>
    public IReadOnlyList<int> Test { get; }

    /// <summary>Every row standardised with the training rows' statistics, row-major [rows, tests].</summary>
    public double[] Z { get; }

    /// <summary>The share of malignant training rows.</summary>
    public double TrainPrevalence { get; }

    /// <summary>Tests (columns of <see cref="Z"/>).</summary>
    public int Width => Data.Tests;
}
