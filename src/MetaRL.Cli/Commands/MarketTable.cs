using MetaRL.Envs.Markets;

namespace MetaRL.Cli.Commands;

/// <summary>Market rows (<see cref="MarketRow"/>) as the JSON objects and the text table the market commands print.</summary>
internal static class MarketTable
{
    /// <summary>One row as <c>{"method","sharpe","sortino","max_drawdown","ann_return","ann_vol","var95","cvar95","turnover"}</c>,
    /// with <c>n</c> and <c>sharpe_ci95</c> over tasks and <c>split</c> for a walk-forward block (figures to 6 decimals).</summary>
    public static Dictionary<string, object> Json(MarketRow r)
    {
        var m = r.Metrics;
        var row = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["method"] = r.Method, ["sharpe"] = R(m.Sharpe), ["sortino"] = R(m.Sortino), ["max_drawdown"] = R(m.MaxDrawdown),
            ["ann_return"] = R(m.AnnualReturn), ["ann_vol"] = R(m.AnnualVolatility), ["var95"] = R(m.Var95), ["cvar95"] = R(m.Cvar95),
            ["turnover"] = R(m.Turnover), ["n"] = r.N,
        };
        if (r.N > 1) { row["sharpe_ci95"] = R(r.SharpeCi95); }
        if (r.Split is int k) { row["split"] = k; }
        return row;
    }

    /// <summary>The rows as a text table (returns and losses in percent).</summary>
    public static void Write(TextWriter output, IReadOnlyList<MarketRow> rows)
    {
        static string P(double x) => (100 * x).ToString("F2", CultureInfo.InvariantCulture) + "%";
        static string F(double x) => x.ToString("F2", CultureInfo.InvariantCulture);
        bool tasks = rows.Any(r => r.N > 1), splits = rows.Any(r => r.Split is not null);
        string[] header = [.. (splits ? new[] { "split" } : []), "method", "sharpe", .. (tasks ? new[] { "±95%" } : []), "sortino", "max_dd", "ann_return", "ann_vol", "var95", "cvar95", "turnover"];
        var cells = rows.Select(r => (string[])[.. (splits ? new[] { r.Split?.ToString(CultureInfo.InvariantCulture) ?? "all" } : []), r.Method, F(r.Metrics.Sharpe),
            .. (tasks ? new[] { F(r.SharpeCi95) } : []), F(r.Metrics.Sortino), P(r.Metrics.MaxDrawdown), P(r.Metrics.AnnualReturn), P(r.Metrics.AnnualVolatility),
            P(r.Metrics.Var95), P(r.Metrics.Cvar95), F(r.Metrics.Turnover)]).ToList();
        int first = splits ? 2 : 1;
        TextTable.Write(output, header, cells, new HashSet<int>(Enumerable.Range(first, header.Length - first)));
    }

    private static double R(double x) => Math.Round(x, 6);
}
