namespace MetaRL.Envs.Markets;

/// <summary>
/// 12-1 momentum: the return over the past 12 months skipping the latest one (days t − 252 … t − 22). For one asset it
/// is time-series momentum (Moskowitz, Ooi and Pedersen 2012): long when that return is positive, short when negative;
/// for several, cross-sectional momentum (Jegadeesh and Titman 1993), long-only: equal weights on the top third of the
/// assets by that return. Rebalanced monthly; in cash for the first 252 days.
/// </summary>
public sealed class Momentum(int period = EqualWeight.Monthly) : PeriodicStrategy("momentum-12-1", period, Lookback)
{
    /// <summary>Trading days in the 12-month look-back.</summary>
    public const int Lookback = 252;

    /// <summary>Trading days skipped at the end of the look-back (the short-term reversal month).</summary>
    public const int Skip = 21;

    /// <inheritdoc />
    protected override void Rebalance(ReturnHistory history, Span<double> weights)
    {
        int n = weights.Length, from = history.Day - Lookback, to = history.Day - Skip;
        if (n == 1) { weights[0] = Math.Sign(history.Compound(0, from, to)); return; }
        var score = new double[n];
        for (int i = 0; i < n; i++) { score[i] = history.Compound(i, from, to); }
        int top = (n + 2) / 3;
        var order = Enumerable.Range(0, n).OrderByDescending(i => score[i]).ThenBy(i => i).Take(top);
        foreach (int i in order) { weights[i] = 1.0 / top; }
    }
}
