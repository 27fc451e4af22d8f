namespace MetaRL.Envs.Markets;

/// <summary>Buys equal weights on the first day and never trades again (for one asset: fully invested, long).</summary>
public sealed class BuyAndHold : IStrategy
{
    private bool _bought;

    /// <inheritdoc />
    public string Name => "buy-and-hold";

    /// <inheritdoc />
    public void Start(int assets) => _bought = false;

    /// <inheritdoc />
    public void Decide(ReturnHistory history, ReadOnlySpan<double> held, Span<double> weights)
    {
        if (_bought) { held.CopyTo(weights); return; }
        weights.Fill(1.0 / weights.Length);
        _bought = true;
    }
}

/// <summary>Equal weights 1/n, restored every <see cref="PeriodicStrategy.Period"/> days (DeMiguel, Garlappi and Uppal 2009's 1/N).</summary>
public sealed class EqualWeight(int period = EqualWeight.Monthly) : PeriodicStrategy("equal-weight", period, 0)
{
    /// <summary>Trading days in a month.</summary>
    public const int Monthly = 21;

    /// <inheritdoc />
    protected override void Rebalance(ReturnHistory history, Span<double> weights) => weights.Fill(1.0 / weights.Length);
}
