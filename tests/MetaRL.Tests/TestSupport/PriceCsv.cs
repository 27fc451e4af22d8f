namespace MetaRL.Tests.TestSupport;

/// <summary>OHLCV CSV files of a seeded random walk, for the market commands' tests.</summary>
internal static class PriceCsv
{
    /// <summary>Writes <paramref name="days"/> daily bars (one per calendar day) to <paramref name="path"/>: log returns
    /// N(<paramref name="drift"/>, <paramref name="volatility"/>²) from <paramref name="seed"/>.</summary>
    public static string Write(string path, int days, long seed, double drift = 0.0002, double volatility = 0.01)
    {
        var rng = new MetaRL.Random.Rng(seed);
        using var w = new StreamWriter(path);
        w.WriteLine("date,open,high,low,close,volume");
        var date = new DateOnly(2018, 1, 1);
        double close = 100;
        for (int t = 0; t < days; t++, date = date.AddDays(1))
        {
            double open = close;
            close *= Math.Exp(rng.Normal(drift, volatility));
            w.WriteLine(FormattableString.Invariant($"{date:yyyy-MM-dd},{open:F4},{Math.Max(open, close) + 0.01:F4},{Math.Min(open, close) - 0.01:F4},{close:F4},1000"));
        }
        return path;
    }
}
