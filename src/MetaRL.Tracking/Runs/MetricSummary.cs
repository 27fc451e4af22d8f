namespace MetaRL.Tracking;

/// <summary>One named metric of a <see cref="MetaEvalRow"/>: its mean over <see cref="N"/> tasks with the half-width of
/// its 95% confidence interval.</summary>
public sealed record MetricSummary(double Mean, double Ci95, long N);
