namespace MetaRL.Envs;

/// <summary>Mean total reward per trial of one method, with the half-width of its 95% confidence interval
/// (1.96 standard errors) over <see cref="N"/> trials.</summary>
public sealed record BaselineRow(string Method, double Mean, double Ci95, int N)
{
    /// <summary>Summarises per-trial totals.</summary>
    public static BaselineRow From(string method, IReadOnlyList<double> totals)
    {
        int n = totals.Count;
        double mean = totals.Average();
        double var = n > 1 ? totals.Sum(x => (x - mean) * (x - mean)) / (n - 1) : 0;
        return new BaselineRow(method, mean, 1.96 * Math.Sqrt(var / n), n);
    }
}
