using MetaRL.Statistics;

namespace MetaRL.Envs;

/// <summary>Mean total reward per trial of one method, with the half-width of its 95% confidence interval
/// (1.96 standard errors) over <see cref="N"/> trials.</summary>
public sealed record BaselineRow(string Method, double Mean, double Ci95, int N)
{
    /// <summary>A family's own metrics over the same trials, by name (RecSlate-v0's <see cref="RecSlateMetrics"/>), or null.</summary>
    public IReadOnlyDictionary<string, MeanInterval>? Metrics { get; init; }

    /// <summary>Summarises per-trial totals.</summary>
    public static BaselineRow From(string method, IReadOnlyList<double> totals)
    {
        var m = MeanInterval.Of(totals);
        return new BaselineRow(method, m.Mean, m.HalfWidth, m.N);
    }
}
