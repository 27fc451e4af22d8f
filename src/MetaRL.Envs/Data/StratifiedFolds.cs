namespace MetaRL.Envs;

/// <summary>
/// A stratified k-fold split: the rows of each class are shuffled with a seeded generator and dealt to the folds in
/// turn, so every fold holds each class in (almost) the data set's proportion, as scikit-learn's StratifiedKFold
/// with shuffling does. The same labels, k and seed always give the same folds.
/// </summary>
public sealed class StratifiedFolds
{
    private readonly int[] _fold;

    /// <summary>Splits <paramref name="labels"/> into <paramref name="k"/> folds.</summary>
    public StratifiedFolds(IReadOnlyList<string> labels, int k, long seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, labels.Count);
        K = k;
        _fold = new int[labels.Count];
        var rng = new Rng(seed);
        int next = 0;
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var rows = group.ToArray();
            rng.Shuffle(rows.AsSpan());
            foreach (int r in rows) { _fold[r] = next; next = (next + 1) % k; }
        }
    }

    /// <summary>Number of folds.</summary>
    public int K { get; }

    /// <summary>The fold row <paramref name="row"/> belongs to.</summary>
    public int FoldOf(int row) => _fold[row];

    /// <summary>The rows of fold <paramref name="fold"/> (the test rows of that split), ascending.</summary>
    public int[] Test(int fold) => [.. Enumerable.Range(0, _fold.Length).Where(r => _fold[r] == fold)];

    /// <summary>Every row outside fold <paramref name="fold"/> (the training rows of that split), ascending.</summary>
    public int[] Train(int fold) => [.. Enumerable.Range(0, _fold.Length).Where(r => _fold[r] != fold)];
}
