using System.Globalization;

namespace MetaRL.Envs.Markets;

/// <summary>The settings of the market environments and how they are read.</summary>
internal static class MarketSettings
{
    /// <summary>The default look-back window: two trading weeks.</summary>
    public const int DefaultWindow = 10;

    /// <summary>The default proportional trading cost: 0.1% of the weight traded.</summary>
    public const double DefaultCost = 0.001;

    /// <summary>The default days before trading: a year, what 12-1 momentum and a yearly mean-variance estimate read.</summary>
    public const int DefaultHistory = 252;

    /// <summary>The default number of assets of a portfolio.</summary>
    public const int DefaultAssets = 5;

    public static IReadOnlyList<EnvSetting> PortfolioKeys(EnvSetting maxSteps, EnvSetting episodes) =>
    [
        new("assets", DefaultAssets.ToString(CultureInfo.InvariantCulture), "assets in the market"),
        .. Keys(maxSteps, episodes).Where(k => k.Key is not ("data" or "from" or "to")),
    ];

    public static Portfolio Portfolio(EnvSettings s) =>
        new(Model(s), s.Int("assets", 2, 1_000), s.Int("window", 1, 10_000), s.Int("max_steps", 1, 1_000_000), s.Double("cost", 0, 1),
            s.Double("max_drift", 0, 10), s.Int("history", 0, 100_000));

    private static MarketModel? Model(EnvSettings s) =>
        s.Choice("model", "gbm", "garch", "mixed") switch { "gbm" => MarketModel.RegimeGbm, "garch" => MarketModel.Garch, _ => null };

    public static IReadOnlyList<EnvSetting> Keys(EnvSetting maxSteps, EnvSetting episodes) =>
    [
        new("model", "gbm", "task generator: gbm (regime-switching geometric Brownian motion), garch (GARCH(1,1)) or mixed (either per task)"),
        new("window", DefaultWindow.ToString(CultureInfo.InvariantCulture), "daily log returns in the observation"),
        new("history", DefaultHistory.ToString(CultureInfo.InvariantCulture), "days a generated path runs before trading starts (baselines read them; the policy sees the last `window`)"),
        new("cost", DefaultCost.ToString(CultureInfo.InvariantCulture), "proportional trading cost per unit of weight traded (0.001 = 0.1%)"),
        new("max_drift", "0.5", "largest annual drift of a generated regime, either sign"),
        new("data", "", "an OHLCV CSV (date,open,high,low,close,volume) to replay instead of generated regimes"),
        new("from", "0", "with data: the first day an episode may start trading on (at least `window`)"),
        new("to", "0", "with data: one past the last day an episode may start trading on (0: the latest that leaves a whole episode)"),
        maxSteps, episodes,
    ];

    public static Trading Trading(EnvSettings s)
    {
        int window = s.Int("window", 1, 10_000), horizon = s.Int("max_steps", 1, 1_000_000);
        double cost = s.Double("cost", 0, 1);
        string data = s.Values["data"];
        if (data.Length > 0)
        {
            var returns = PriceSeries.ReadCsv(data).Returns();
            try { return new Trading(returns, window, horizon, cost, s.Int("from", 0), s.Int("to", 0)); }
            catch (ArgumentException e) { throw new EnvConfigurationException($"Trading-v0: {data}: {e.Message}"); }
        }
        return new Trading(Model(s), window, horizon, cost, s.Double("max_drift", 0, 10), s.Int("history", 0, 100_000));
    }
}
