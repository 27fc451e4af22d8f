namespace MetaRL.Tracking.Plots;

/// <summary>Short, culture-invariant number text for tick labels and tables.</summary>
public static class NumberFormat
{
    /// <summary>
    /// A tick label: as many decimals as the step needs; on an axis reaching 10 000 (<paramref name="axisMagnitude"/>)
    /// every label uses the k / M / G suffix of the largest, so one axis never mixes "5000" and "10k".
    /// </summary>
    public static string Tick(double value, double step, double axisMagnitude = 0)
    {
        double a = Math.Max(Math.Abs(value), axisMagnitude);
        if (value == 0) { return "0"; }
        if (a >= 1e4 && step >= 1)
        {
            (double div, string suffix) = a >= 1e9 ? (1e9, "G") : a >= 1e6 ? (1e6, "M") : (1e3, "k");
            int d = Math.Max(0, -(int)Math.Floor(Math.Log10(step / div) + 1e-9));
            return (value / div).ToString("F" + Math.Min(d, 6), CultureInfo.InvariantCulture) + suffix;
        }
        int decimals = step > 0 ? Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9)) : 2;
        return value.ToString("F" + Math.Min(decimals, 10), CultureInfo.InvariantCulture);
    }

    /// <summary>A value with four significant digits, no exponent for ordinary magnitudes.</summary>
    public static string Value(double value)
    {
        if (double.IsNaN(value)) { return "NaN"; }
        if (double.IsInfinity(value)) { return value > 0 ? "∞" : "−∞"; }
        double a = Math.Abs(value);
        if (a != 0 && (a >= 1e7 || a < 1e-3)) { return value.ToString("0.###e0", CultureInfo.InvariantCulture); }
        int decimals = a == 0 ? 0 : Math.Clamp(3 - (int)Math.Floor(Math.Log10(a)), 0, 4);
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>SVG coordinate text (one decimal).</summary>
    internal static string Coord(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A duration: "12.3 s", "4 min 05 s", "1 h 02 min".</summary>
    public static string Duration(double seconds)
    {
        if (!double.IsFinite(seconds)) { return "–"; }
        if (seconds < 60) { return seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"; }
        long s = (long)Math.Round(seconds);
        if (s < 3600) { return string.Create(CultureInfo.InvariantCulture, $"{s / 60} min {s % 60:00} s"); }
        return string.Create(CultureInfo.InvariantCulture, $"{s / 3600} h {s % 3600 / 60:00} min");
    }

    /// <summary>A count with thin grouping: 1234567 → "1,234,567".</summary>
    public static string Count(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
