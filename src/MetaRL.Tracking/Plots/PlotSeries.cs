namespace MetaRL.Tracking.Plots;

/// <summary>
/// One line of a chart: points (<see cref="X"/>, <see cref="Y"/>) and, optionally, a shaded band from
/// <see cref="Lower"/> to <see cref="Upper"/> at the same x (min–max across seeds, or mean ± CI).
/// Non-finite points are left out.
/// </summary>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? Lower = null, IReadOnlyList<double>? Upper = null)
{
    public bool HasBand => Lower is not null && Upper is not null;
}

/// <summary>Titles of a chart and its axes, and its size in CSS pixels.</summary>
public sealed record ChartSpec(string Title, string XLabel, string YLabel, int Width = 600, int Height = 340);
