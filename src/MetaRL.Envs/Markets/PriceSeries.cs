using System.Globalization;

namespace MetaRL.Envs.Markets;

/// <summary>
/// Daily OHLCV bars of one asset, oldest first, as read from a CSV file with the header
/// <c>date,open,high,low,close,volume</c> (columns in any order, names case-insensitive, dates <c>yyyy-MM-dd</c>). A
/// file is refused, naming its line, where a date is malformed, out of order or repeated, a price is not a positive
/// finite number, the high is below another price of its bar or the low above one, or the volume is negative or not a
/// number; gaps (more than <see cref="GapDays"/> calendar days between bars: more than a long weekend) are kept and
/// reported, not refused.
/// </summary>
public sealed class PriceSeries
{
    /// <summary>The columns every file must have.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["date", "open", "high", "low", "close", "volume"];

    /// <summary>Calendar days between two bars above which the pair is reported as a gap.</summary>
    public const int GapDays = 4;

    private PriceSeries(DateOnly[] dates, double[] open, double[] high, double[] low, double[] close, double[] volume, IReadOnlyList<(DateOnly From, DateOnly To)> gaps) =>
        (Dates, Open, High, Low, Close, Volume, Gaps) = (dates, open, high, low, close, volume, gaps);

    public IReadOnlyList<DateOnly> Dates { get; }

    public IReadOnlyList<double> Open { get; }

    public IReadOnlyList<double> High { get; }

    public IReadOnlyList<double> Low { get; }

    public IReadOnlyList<double> Close { get; }

    public IReadOnlyList<double> Volume { get; }

    /// <summary>Consecutive bars more than <see cref="GapDays"/> calendar days apart.</summary>
    public IReadOnlyList<(DateOnly From, DateOnly To)> Gaps { get; }

    /// <summary>Bars held.</summary>
    public int Count => Dates.Count;

    /// <summary>Simple close-to-close returns, r_t = C_t / C_{t−1} − 1 (one fewer than the bars).</summary>
    public double[] Returns()
    {
        var r = new double[Math.Max(0, Count - 1)];
        for (int t = 1; t < Count; t++) { r[t - 1] = Close[t] / Close[t - 1] - 1; }
        return r;
    }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">The file is missing, empty or malformed (the message names the line).</exception>
    public static PriceSeries ReadCsv(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new DataFormatException($"{path}: no such file"); }
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Reads a CSV from <paramref name="reader"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">The text is empty or malformed (the message names the line).</exception>
    public static PriceSeries Parse(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine()?.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(header)) { throw new DataFormatException($"{name}: empty file; the first line must be the header {string.Join(",", Columns)}"); }
        var names = header.Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(names, c));
        if (index.FirstOrDefault(kv => kv.Value < 0) is { Key: { } missing })
        {
            throw new DataFormatException($"{name}: line 1: no '{missing}' column; the header must name {string.Join(", ", Columns)}") { Line = 1 };
        }
        var (dates, open, high, low, close, volume) = (new List<DateOnly>(), new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        foreach (var row in CsvRows.Read(reader, name, names.Length))
        {
            var cells = row.Cells;
            DataFormatException Bad(string what) => row.Error(what);
            string Cell(string column) => cells[index[column]].Trim();
            if (!DateOnly.TryParseExact(Cell("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw Bad($"date '{Cell("date")}' is not yyyy-MM-dd");
            }
            if (dates.Count > 0 && date <= dates[^1])
            {
                throw Bad(date == dates[^1] ? $"date {date:yyyy-MM-dd} appears twice" : $"date {date:yyyy-MM-dd} comes after {dates[^1]:yyyy-MM-dd}; rows must be sorted oldest first");
            }
            double Price(string column)
            {
                if (!double.TryParse(Cell(column), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v <= 0)
                {
                    throw Bad($"{column} '{Cell(column)}' is not a positive price");
                }
                return v;
            }
            double o = Price("open"), h = Price("high"), l = Price("low"), c = Price("close");
            if (h < Math.Max(Math.Max(o, c), l)) { throw Bad($"high {h.ToString(CultureInfo.InvariantCulture)} is below the bar's other prices"); }
            if (l > Math.Min(o, c)) { throw Bad($"low {l.ToString(CultureInfo.InvariantCulture)} is above the open or close"); }
            if (!double.TryParse(Cell("volume"), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
            {
                throw Bad($"volume '{Cell("volume")}' is not a number of 0 or more");
            }
            dates.Add(date);
            open.Add(o);
            high.Add(h);
            low.Add(l);
            close.Add(c);
            volume.Add(v);
        }
        if (dates.Count < 2) { throw new DataFormatException($"{name}: {dates.Count} bar{(dates.Count == 1 ? "" : "s")}; a series needs at least 2"); }
        var gaps = new List<(DateOnly, DateOnly)>();
        for (int t = 1; t < dates.Count; t++)
        {
            if (dates[t].DayNumber - dates[t - 1].DayNumber > GapDays) { gaps.Add((dates[t - 1], dates[t])); }
        }
        return new PriceSeries([.. dates], [.. open], [.. high], [.. low], [.. close], [.. volume], gaps);
    }
}
