namespace MetaRL.Envs.Markets;

/// <summary>
/// Trading-v0: one asset, one decision a day. The observation is the last <see cref="Window"/> daily log returns in
/// percent (oldest first: only prices up to the day's open) followed by the position held; the action is a position,
/// 0 short, 1 flat, 2 long (weights −1, 0, +1); the day's reward is 100 × the net return of a <see cref="Book"/> (percent,
/// after the proportional trading cost). A task is a market regime (<see cref="MarketGenerator"/>): each episode draws a
/// fresh path of <see cref="Lead"/> days before trading starts and the horizon's days of trading; with recorded prices
/// the task is the series and an episode starts trading on a day drawn from [<c>from</c>, <c>to</c>). The horizon is a
/// <see cref="TimeLimit"/> added by the registry, and <see cref="Path"/> shows the whole episode's returns to whoever
/// evaluates other strategies on the same days (never to the policy).
/// </summary>
public sealed class Trading : TaskEnv<MarketTask>
{
    private static readonly Discrete Positions = new(3);
    private readonly MarketModel? _model;
    private readonly double _maxDrift;
    private readonly double[]? _recorded;
    private readonly int _from, _to; // recorded prices: first trading days an episode may start on
    private readonly double[] _path;
    private readonly Book _book;
    private int _day;
    private double _position;

    /// <summary>Trading on synthetic regimes of <paramref name="model"/> (null: each task picks regime-switching GBM or
    /// GARCH with equal probability).</summary>
    public Trading(MarketModel? model, int window, int horizon, double cost, double maxAnnualDrift = 0.5, int history = 0)
        : base("Trading-v0", Observations(window), Positions)
    {
        if (model == MarketModel.Data) { throw new ArgumentException("recorded prices are given as a return series", nameof(model)); }
        (_model, _maxDrift, Window, Lead, _book) = (model, maxAnnualDrift, window, Math.Max(window, history), new Book(1, cost));
        _path = new double[Lead + AtLeast(horizon, 1)];
    }

    /// <summary>Trading on recorded daily simple returns: an episode trades <paramref name="horizon"/> days from a day drawn
    /// from [<paramref name="from"/>, <paramref name="to"/>), clipped to the days that leave a look-back window before and
    /// the horizon after (<paramref name="to"/> ≤ 0: up to the latest such day).</summary>
    public Trading(double[] returns, int window, int horizon, double cost, int from = 0, int to = 0)
        : base("Trading-v0", Observations(window), Positions)
    {
        ArgumentNullException.ThrowIfNull(returns);
        (Window, Lead, _book, _recorded) = (window, window, new Book(1, cost), returns);
        _path = new double[window + AtLeast(horizon, 1)];
        int latest = returns.Length - horizon + 1;
        _from = Math.Max(from, window);
        _to = to <= 0 ? latest : Math.Min(to, latest);
        if (_from >= _to)
        {
            throw new ArgumentException($"no day in [{from}, {(to <= 0 ? "end" : to)}) can start an episode: the series has {returns.Length} daily returns, and an episode needs {window} before its first day (window) and {horizon} from it (max_steps)");
        }
    }

    /// <summary>Daily log returns in the observation.</summary>
    public int Window { get; }

    /// <summary>The proportional trading cost per unit of weight traded.</summary>
    public double Cost => _book.Cost;

    /// <summary>Days of an episode's path before its first trading day (at least <see cref="Window"/>).</summary>
    public int Lead { get; }

    /// <summary>The current episode's daily simple returns: <see cref="Lead"/> days before trading, then one per step.</summary>
    public ReadOnlySpan<double> Path => _path;

    /// <summary>The net simple return of the last day stepped (not scaled: 0.01 is 1%).</summary>
    public double LastReturn { get; private set; }

    /// <summary>The weight traded on the last day stepped.</summary>
    public double LastTraded { get; private set; }

    /// <summary>The current episode's days so far as a backtest named <paramref name="strategy"/>: each day's net return
    /// and weight traded, for the same <see cref="RiskMetrics"/> as the strategies run on <see cref="Path"/>.</summary>
    public BacktestResult Episode(string strategy) => _book.Episode(strategy);

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames =>
        [.. Enumerable.Range(0, Window).Select(k => $"logret[-{Window - k}]"), "position"];

    private static Box Observations(int window) => new(AtLeast(window, 1) + 1, float.NegativeInfinity, float.PositiveInfinity);

    /// <inheritdoc />
    protected override MarketTask Sample(Rng rng) =>
        _recorded is not null ? MarketTask.Recorded
        : MarketGenerator.Sample(_model ?? (rng.NextDouble() < 0.5 ? MarketModel.RegimeGbm : MarketModel.Garch), rng, _maxDrift);

    /// <inheritdoc />
    protected override void Validate(MarketTask task)
    {
        if ((task.Model == MarketModel.Data) != (_recorded is not null))
        {
            throw new ArgumentException(_recorded is not null ? "Trading-v0 on recorded prices takes only the recorded task" : "Trading-v0 on synthetic regimes takes generated tasks, not recorded prices");
        }
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        if (_recorded is not null) { _recorded.AsSpan(rng.NextInt(_from, _to) - Lead, _path.Length).CopyTo(_path); }
        else { MarketGenerator.Returns(CurrentTask, rng, _path); }
        _book.Clear();
        (_day, _position, LastReturn, LastTraded) = (Lead, 0, 0, 0);
        Observe(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        int a = action.Length == 1 && action[0] is >= 0 and < 3 && action[0] == MathF.Floor(action[0]) ? (int)action[0]
            : throw new ArgumentException("Trading-v0: the action is one of 0 (short), 1 (flat), 2 (long).");
        if (_day >= _path.Length) { throw new InvalidOperationException("Trading-v0: the episode's days are used up; call Reset."); }
        _position = a - 1;
        (LastReturn, LastTraded) = _book.Day([_position], [_path[_day]]);
        _day++;
        Observe(observation);
        return new StepResult(100 * LastReturn, false, false);
    }

    /// <summary>The look-back window ending the day before <see cref="_day"/>, and the position.</summary>
    private void Observe(Span<float> observation)
    {
        for (int k = 0; k < Window; k++) { observation[k] = (float)(100 * Math.Log(1 + _path[_day - Window + k])); }
        observation[Window] = (float)_position;
    }
}
