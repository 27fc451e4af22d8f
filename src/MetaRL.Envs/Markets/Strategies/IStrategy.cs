namespace MetaRL.Envs.Markets;

/// <summary>A trading rule: each day, from the returns before it, the weights to hold over it (see <see cref="Backtest"/>).</summary>
public interface IStrategy
{
    /// <summary>The name reports give the strategy, e.g. <c>buy-and-hold</c>.</summary>
    string Name { get; }

    /// <summary>Forgets any state before a run over <paramref name="assets"/> assets.</summary>
    void Start(int assets);

    /// <summary>Writes the weights of day <see cref="ReturnHistory.Day"/> into <paramref name="weights"/> (zeros on entry),
    /// given the weights <paramref name="held"/> the account holds at the day's open.</summary>
    void Decide(ReturnHistory history, ReadOnlySpan<double> held, Span<double> weights);
}

/// <summary>A strategy that trades once every <see cref="Period"/> days and otherwise lets its weights drift; its first
/// trade is on the first day it has the history it needs.</summary>
public abstract class PeriodicStrategy(string name, int period, int history) : IStrategy
{
    private int _last = int.MinValue / 2;

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <summary>Days between trades (21: monthly).</summary>
    public int Period { get; } = period >= 1 ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "a trading period is at least 1 day");

    /// <summary>Days of returns the rule reads before it first trades.</summary>
    public int History { get; } = history >= 0 ? history : throw new ArgumentOutOfRangeException(nameof(history), history, "history is a number of days ≥ 0");

    /// <inheritdoc />
    public void Start(int assets) => _last = int.MinValue / 2;

    /// <inheritdoc />
    public void Decide(ReturnHistory history, ReadOnlySpan<double> held, Span<double> weights)
    {
        if (history.Day < History) { return; } // in cash until the rule can be computed
        if (history.Day - _last < Period) { held.CopyTo(weights); return; }
        _last = history.Day;
        Rebalance(history, weights);
    }

    /// <summary>The weights to trade to on a rebalancing day.</summary>
    protected abstract void Rebalance(ReturnHistory history, Span<double> weights);
}
