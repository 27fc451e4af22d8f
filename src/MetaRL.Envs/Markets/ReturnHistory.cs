namespace MetaRL.Envs.Markets;

/// <summary>
/// The daily simple returns a strategy may see when it decides the weights of day <see cref="Day"/>: those of the days
/// before it, and nothing later (reading day <see cref="Day"/> or after throws). This is the look-ahead guard of every
/// strategy that <see cref="Backtest"/> runs.
/// </summary>
public readonly struct ReturnHistory
{
    private readonly double[,] _returns;

    /// <summary>A view of <paramref name="returns"/> (days × assets) for deciding day <paramref name="day"/>.</summary>
    public ReturnHistory(double[,] returns, int day)
    {
        ArgumentNullException.ThrowIfNull(returns);
        ArgumentOutOfRangeException.ThrowIfNegative(day);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, returns.GetLength(0));
        (_returns, Day) = (returns, day);
    }

    /// <summary>The day being decided; days 0 … Day − 1 are visible.</summary>
    public int Day { get; }

    /// <summary>Assets held.</summary>
    public int Assets => _returns.GetLength(1);

    /// <summary>The return of <paramref name="asset"/> on <paramref name="day"/>, which must be before <see cref="Day"/>.</summary>
    public double this[int day, int asset] =>
        day < Day && day >= 0 ? _returns[day, asset] : throw new ArgumentOutOfRangeException(nameof(day), $"day {day} is not before the day being decided ({Day})");

    /// <summary>Π(1 + r) − 1 of <paramref name="asset"/> over days [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public double Compound(int asset, int from, int to)
    {
        double growth = 1;
        for (int t = from; t < to; t++) { growth *= 1 + this[t, asset]; }
        return growth - 1;
    }

    /// <summary>The sample mean and covariance (ddof 1) of the returns of days [<paramref name="from"/>, <see cref="Day"/>).</summary>
    public (double[] Mean, double[,] Covariance) Moments(int from)
    {
        int n = Assets, days = Day - from;
        if (days < 2) { throw new ArgumentException($"moments need at least 2 days of history, got {days}", nameof(from)); }
        var mean = new double[n];
        for (int t = from; t < Day; t++) { for (int i = 0; i < n; i++) { mean[i] += this[t, i]; } }
        for (int i = 0; i < n; i++) { mean[i] /= days; }
        var cov = new double[n, n];
        for (int t = from; t < Day; t++)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j <= i; j++) { cov[i, j] += (this[t, i] - mean[i]) * (this[t, j] - mean[j]); }
            }
        }
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++) { cov[j, i] = cov[i, j] /= days - 1; }
        }
        return (mean, cov);
    }
}
