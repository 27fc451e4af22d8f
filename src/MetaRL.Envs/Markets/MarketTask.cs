using System.Text.Json.Serialization;

namespace MetaRL.Envs.Markets;

/// <summary>How a market task's daily returns are generated.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MarketModel>))]
public enum MarketModel
{
    /// <summary>Regime-switching geometric Brownian motion: a bull and a bear regime, each with its own daily drift and
    /// volatility, switching as a two-state Markov chain (Hamilton 1989).</summary>
    RegimeGbm,

    /// <summary>GARCH(1,1) returns (Bollerslev 1986): constant drift, conditional variance
    /// h_t = ω + α ε²_{t−1} + β h_{t−1} with ω set so the unconditional volatility is the task's.</summary>
    Garch,

    /// <summary>A recorded price series (the task of a <c>data=</c> environment).</summary>
    Data,
}

/// <summary>
/// One market regime or asset: the process a task's episodes draw their returns from. Drifts and volatilities are per
/// trading day (log-return units): a drift of 0.0004 is about 10% a year. <see cref="MarketModel.RegimeGbm"/> reads all
/// four regime figures and <see cref="Persistence"/> (the daily probability of staying in the current regime);
/// <see cref="MarketModel.Garch"/> reads the bull figures as its drift and unconditional volatility with
/// <see cref="Alpha"/> and <see cref="Beta"/>; its features are the six numbers that distinguish tasks.
/// </summary>
public sealed record MarketTask(MarketModel Model, double BullDrift, double BullVolatility, double BearDrift, double BearVolatility,
    double Persistence, double Alpha = 0, double Beta = 0) : EnvTask, ITaskFeatures
{
    /// <summary>The task of an environment that replays recorded prices.</summary>
    public static MarketTask Recorded { get; } = new(MarketModel.Data, 0, 0, 0, 0, 0);

    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => 6;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        // Drifts in percent a day and volatilities in percent, so every feature is of order one.
        destination[0] = (float)(100 * BullDrift);
        destination[1] = (float)(100 * BullVolatility);
        destination[2] = (float)(100 * BearDrift);
        destination[3] = (float)(100 * BearVolatility);
        destination[4] = (float)Persistence;
        destination[5] = (float)(Alpha + Beta);
    }
}

/// <summary>A market of several assets: each asset's regime and the correlation ρ of their daily noise through one common
/// factor (<see cref="MarketGenerator.Returns(PortfolioTask, Rng, double[,])"/>).</summary>
public sealed record PortfolioTask(IReadOnlyList<MarketTask> Assets, double Correlation) : EnvTask, ITaskFeatures
{
    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => 6 * Assets.Count + 1;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        for (int i = 0; i < Assets.Count; i++) { Assets[i].WriteFeatures(destination.Slice(6 * i, 6)); }
        destination[^1] = (float)Correlation;
    }
}
