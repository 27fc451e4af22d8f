namespace MetaRL.Learning.Meta;

/// <summary>One row of a before/after-adaptation table: a method's mean return over n held-out tasks after
/// <see cref="Steps"/> adaptation steps (or, for trial-based learners, over a trial of that many episodes),
/// with the half-width of its 95% confidence interval (1.96·s/√n).</summary>
public sealed record EvalRow(string Method, int Steps, double Mean, double Ci95, int N)
{
    /// <summary>Mean and CI of <paramref name="values"/> (one per task).</summary>
    public static EvalRow From(string method, int steps, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int n = values.Count;
        double mean = n == 0 ? double.NaN : values.Average();
        double ci = n < 2 ? 0 : 1.96 * Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1)) / Math.Sqrt(n);
        return new EvalRow(method, steps, mean, ci, n);
    }
}
