namespace MetaRL.Tracking.Plots;

/// <summary>
/// Axis range and ticks on "nice" numbers (1, 2, 5 × 10^k), after Heckbert, "Nice numbers for graph labels"
/// (Graphics Gems, 1990): the range is widened to whole steps so the first and last ticks sit on the axis ends.
/// </summary>
public sealed record NiceScale(double Min, double Max, double Step)
{
    /// <summary>A scale covering [<paramref name="lo"/>, <paramref name="hi"/>] with about <paramref name="ticks"/> ticks.</summary>
    public static NiceScale For(double lo, double hi, int ticks = 6)
    {
        if (!double.IsFinite(lo) || !double.IsFinite(hi)) { lo = 0; hi = 1; }
        if (hi < lo) { (lo, hi) = (hi, lo); }
        if (hi - lo < 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            double pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double range = Nice(hi - lo, round: false);
        double step = Nice(range / Math.Max(1, ticks - 1), round: true);
        return new NiceScale(Math.Floor(lo / step) * step, Math.Ceiling(hi / step) * step, step);
    }

    /// <summary>The tick values from <see cref="Min"/> to <see cref="Max"/>.</summary>
    public IReadOnlyList<double> Ticks()
    {
        var ticks = new List<double>();
        int n = (int)Math.Round((Max - Min) / Step);
        for (int i = 0; i <= n; i++)
        {
            double t = Min + i * Step;
            ticks.Add(Math.Abs(t) < Step * 1e-9 ? 0 : t);
        }
        return ticks;
    }

    /// <summary>The nice number near <paramref name="x"/>: rounded to the nearest, or the smallest not below it.</summary>
    public static double Nice(double x, bool round)
    {
        double exp = Math.Floor(Math.Log10(x));
        double f = x / Math.Pow(10, exp);
        double nf = round
            ? f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
            : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nf * Math.Pow(10, exp);
    }
}
