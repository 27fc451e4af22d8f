using System.Collections.Concurrent;

namespace MetaRL.Envs.Medical;

/// <summary>
/// The optional posterior input of <see cref="Diagnosis"/>: a logistic regression whose inputs are the observation
/// itself (per test a done flag, then the standardised values, 0 where not done), fitted on the training rows only,
/// each seen under <see cref="Copies"/> random subsets of done tests (each test done with a probability drawn uniformly
/// per copy), so it reads any partial observation. Its log-odds of malignancy, at the data set's training prevalence,
/// is appended to the observation: the policy still has to choose tests and a decision threshold for the hospital, but
/// no longer has to learn a classifier from rewards alone (as with the classifier of Janisch et al. 2019, "Classification
/// with costly features using deep reinforcement learning", trained beside the agent there).
/// </summary>
public static class DiagnosisPosterior
{
    /// <summary>Masked copies of each training row.</summary>
    public const int Copies = 16;

    private static readonly ConcurrentDictionary<(DiagnosisData, int, int, long), LogisticRegression> Cache = new();

    /// <summary>The model for the training rows of fold <paramref name="fold"/> of <paramref name="folds"/> (fold −1: every
    /// row), fitted once per process and split.</summary>
    public static LogisticRegression For(DiagnosisData data, int folds, int fold, long splitSeed, IReadOnlyList<int> train, double[] z) =>
        Cache.GetOrAdd((data, folds, fold, splitSeed), _ => Fit(data, train, z, splitSeed));

    /// <summary>The log-odds of malignancy for an observation (2·tests numbers: flags, then values).</summary>
    public static double LogOdds(LogisticRegression model, ReadOnlySpan<float> observation)
    {
        ArgumentNullException.ThrowIfNull(model);
        double s = model.Coefficients[0];
        for (int j = 0; j < model.Columns.Count; j++) { s += model.Coefficients[j + 1] * observation[model.Columns[j]]; }
        return s;
    }

    private static LogisticRegression Fit(DiagnosisData data, IReadOnlyList<int> train, double[] z, long seed)
    {
        int n = data.Tests, width = 2 * n, rows = train.Count * Copies;
        var x = new double[rows * width];
        var positive = new bool[rows];
        var rng = new Rng(seed ^ 0x5EED_D1A6);
        for (int i = 0; i < train.Count; i++)
        {
            for (int c = 0; c < Copies; c++)
            {
                int row = i * Copies + c;
                positive[row] = data.Malignant[train[i]];
                double keep = rng.NextDouble();
                for (int t = 0; t < n; t++)
                {
                    if (rng.NextDouble() >= keep) { continue; }
                    x[row * width + t] = 1;
                    x[row * width + n + t] = Math.Clamp(z[train[i] * n + t], -Diagnosis.ValueClip, Diagnosis.ValueClip);
                }
            }
        }
        return LogisticRegression.Fit(x, width, [.. Enumerable.Range(0, rows)], positive, [.. Enumerable.Range(0, width)]);
    }
}
