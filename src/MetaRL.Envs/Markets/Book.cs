namespace MetaRL.Envs.Markets;

/// <summary>
/// An account's weights from day to day, the one place trading costs are charged. Each day the account moves from the
/// weights it holds (yesterday's, drifted by yesterday's returns; cash at the start) to the day's target weights w,
/// paying <see cref="Cost"/> per unit of weight traded, and earns Σ_i w_i r_i on the day: the net return is
/// Σ_i w_i r_i − cost · Σ_i |w_i − held_i|. The cash share 1 − Σ w earns 0 (risk-free rate 0) and a negative weight is
/// a short position. The holdings drift with the day's returns, against the account's value after the cost; a strategy
/// that keeps the drifted weights (buy and hold) trades nothing. A day's loss is at most the whole account (−100%).
/// </summary>
public sealed class Book
{
    private readonly double[] _held;
    private readonly List<double> _net = [], _traded = [];

    /// <summary>An account in cash over <paramref name="assets"/> assets.</summary>
    public Book(int assets, double cost)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(assets, 1);
        if (!(cost >= 0 && double.IsFinite(cost))) { throw new ArgumentOutOfRangeException(nameof(cost), cost, "the trading cost is a finite number ≥ 0"); }
        (_held, Cost) = (new double[assets], cost);
    }

    /// <summary>The proportional cost per unit of weight traded (0.001 is 0.1%).</summary>
    public double Cost { get; }

    /// <summary>The weights held now: the last day's targets drifted by its returns.</summary>
    public ReadOnlySpan<double> Held => _held;

    /// <summary>Back to cash, with no days recorded.</summary>
    public void Clear()
    {
        Array.Clear(_held);
        _net.Clear();
        _traded.Clear();
    }

    /// <summary>The days since the last <see cref="Clear"/> as a backtest named <paramref name="strategy"/>: each day's net
    /// return and weight traded.</summary>
    public BacktestResult Episode(string strategy) => new(strategy, [.. _net], [.. _traded]);

    /// <summary>Trades to <paramref name="target"/>, holds it over a day of <paramref name="returns"/> and returns the day's
    /// net return and the weight traded.</summary>
    public (double Net, double Traded) Day(ReadOnlySpan<double> target, ReadOnlySpan<double> returns)
    {
        if (target.Length != _held.Length || returns.Length != _held.Length) { throw new ArgumentException($"a day of this book takes {_held.Length} weights and returns"); }
        double gross = 0, traded = 0;
        for (int i = 0; i < _held.Length; i++)
        {
            if (!double.IsFinite(target[i])) { throw new ArgumentException($"the weight {target[i]} of asset {i} is not a finite number", nameof(target)); }
            gross += target[i] * returns[i];
            traded += Math.Abs(target[i] - _held[i]);
        }
        // Limited liability: a day cannot lose more than the account (a short position on a price that more than doubles).
        double net = Math.Max(gross - Cost * traded, -1), value = 1 + net;
        for (int i = 0; i < _held.Length; i++) { _held[i] = value > 0 ? target[i] * (1 + returns[i]) / value : 0; } // 0: wiped out
        _net.Add(net);
        _traded.Add(traded);
        return (net, traded);
    }
}
