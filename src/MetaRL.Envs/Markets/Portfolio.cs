namespace MetaRL.Envs.Markets;

/// <summary>
/// Portfolio-v0: <see cref="Assets"/> assets, a rebalance a day. The observation is each asset's last
/// <see cref="Window"/> daily log returns in percent (asset by asset, oldest first) followed by the weights held; the
/// action is one score per asset in [−<see cref="ScoreBound"/>, <see cref="ScoreBound"/>], turned into long-only, fully
/// invested weights by a softmax; the day's reward is 100 × the net return of a <see cref="Book"/> (the rebalancing cost
/// charged on the weight traded from the drifted holdings). A task is a market (<see cref="PortfolioTask"/>): each
/// episode draws a fresh path of <see cref="Lead"/> days before trading and the horizon's days of trading.
/// </summary>
public sealed class Portfolio : TaskEnv<PortfolioTask>
{
    /// <summary>The largest score magnitude: a weight ratio of e^(2·5) ≈ 22,000 between two assets.</summary>
    public const float ScoreBound = 5;

    private readonly MarketModel? _model;
    private readonly double _maxDrift;
    private readonly double[,] _path;
    private readonly Book _book;
    private readonly double[] _weights, _day;
    private int _t;

    /// <summary>A portfolio of <paramref name="assets"/> assets on generated markets (<paramref name="model"/> null: GBM or
    /// GARCH per asset).</summary>
    public Portfolio(MarketModel? model, int assets, int window, int horizon, double cost, double maxAnnualDrift = 0.5, int history = 0)
        : base("Portfolio-v0", new Box(AtLeast(assets, 2) * (AtLeast(window, 1) + 1), float.NegativeInfinity, float.PositiveInfinity), new Box(assets, -ScoreBound, ScoreBound))
    {
        if (model == MarketModel.Data) { throw new ArgumentException("Portfolio-v0 generates its markets", nameof(model)); }
        (_model, _maxDrift, Assets, Window, Lead) = (model, maxAnnualDrift, assets, window, Math.Max(window, history));
        _path = new double[Lead + AtLeast(horizon, 1), assets];
        (_book, _weights, _day) = (new Book(assets, cost), new double[assets], new double[assets]);
    }

    /// <summary>Assets in the market.</summary>
    public int Assets { get; }

    /// <summary>Daily log returns per asset in the observation.</summary>
    public int Window { get; }

    /// <summary>Days of an episode's path before its first trading day (at least <see cref="Window"/>).</summary>
    public int Lead { get; }

    /// <summary>The proportional cost per unit of weight traded.</summary>
    public double Cost => _book.Cost;

    /// <summary>The current episode's daily simple returns (days × assets): <see cref="Lead"/> days, then one per step.</summary>
    public double[,] Path => _path;

    /// <summary>The net simple return of the last day stepped.</summary>
    public double LastReturn { get; private set; }

    /// <summary>The weight traded on the last day stepped.</summary>
    public double LastTraded { get; private set; }

    /// <summary>The current episode's days so far as a backtest named <paramref name="strategy"/>: each day's net return
    /// and weight traded, for the same <see cref="RiskMetrics"/> as the strategies run on <see cref="Path"/>.</summary>
    public BacktestResult Episode(string strategy) => _book.Episode(strategy);

    /// <inheritdoc />
    public override IReadOnlyList<string> ObservationNames =>
        [.. Enumerable.Range(0, Assets).SelectMany(i => Enumerable.Range(0, Window).Select(k => $"asset{i}.logret[-{Window - k}]")),
         .. Enumerable.Range(0, Assets).Select(i => $"asset{i}.weight")];

    /// <inheritdoc />
    protected override PortfolioTask Sample(Rng rng) => MarketGenerator.SampleMarket(_model, Assets, rng, _maxDrift);

    /// <inheritdoc />
    protected override void Validate(PortfolioTask task)
    {
        if (task.Assets.Count != Assets) { throw new ArgumentException($"Portfolio-v0 holds {Assets} assets; the task has {task.Assets.Count}"); }
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        MarketGenerator.Returns(CurrentTask, rng, _path);
        _book.Clear();
        Array.Clear(_weights);
        (_t, LastReturn, LastTraded) = (Lead, 0, 0);
        Observe(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (action.Length != Assets) { throw new ArgumentException($"Portfolio-v0: the action is {Assets} scores, got {action.Length}."); }
        if (_t >= _path.GetLength(0)) { throw new InvalidOperationException("Portfolio-v0: the episode's days are used up; call Reset."); }
        Softmax(action, _weights);
        for (int i = 0; i < Assets; i++) { _day[i] = _path[_t, i]; }
        (LastReturn, LastTraded) = _book.Day(_weights, _day);
        _t++;
        Observe(observation);
        return new StepResult(100 * LastReturn, false, false);
    }

    /// <summary>Weights ∝ e^score over the scores clipped to the action box; a NaN score is refused.</summary>
    public static void Softmax(ReadOnlySpan<float> scores, Span<double> weights)
    {
        double max = double.NegativeInfinity;
        foreach (float s in scores)
        {
            if (float.IsNaN(s)) { throw new ArgumentException("Portfolio-v0: a score is NaN."); }
            max = Math.Max(max, Math.Clamp(s, -ScoreBound, ScoreBound));
        }
        double sum = 0;
        for (int i = 0; i < scores.Length; i++) { sum += weights[i] = Math.Exp(Math.Clamp(scores[i], -ScoreBound, ScoreBound) - max); }
        for (int i = 0; i < scores.Length; i++) { weights[i] /= sum; }
    }

    private void Observe(Span<float> observation)
    {
        for (int i = 0; i < Assets; i++)
        {
            for (int k = 0; k < Window; k++) { observation[i * Window + k] = (float)(100 * Math.Log(1 + _path[_t - Window + k, i])); }
            observation[Assets * Window + i] = (float)_book.Held[i];
        }
    }
}
