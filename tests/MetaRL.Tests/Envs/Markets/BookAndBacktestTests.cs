using MetaRL.Envs.Markets;
using MetaRL.Random;

namespace MetaRL.Tests.Envs.Markets;

/// <summary>The account's cost accounting, the strategies' look-ahead guard and their rules, on cases computed by hand.</summary>
public sealed class BookAndBacktestTests
{
    [Fact]
    public void A_day_charges_the_cost_on_the_weight_traded_from_the_drifted_holdings()
    {
        var book = new Book(2, 0.001);
        // From cash to (0.5, 0.5): traded 1; gross 0.5·0.1 + 0.5·(−0.1) = 0; net −0.001.
        var (net, traded) = book.Day([0.5, 0.5], [0.1, -0.1]);
        Assert.Equal(1, traded, 12);
        Assert.Equal(-0.001, net, 12);
        // The holdings drifted to 0.55 and 0.45 of an account worth 0.999 after the cost.
        Assert.Equal(0.55 / 0.999, book.Held[0], 12);
        Assert.Equal(0.45 / 0.999, book.Held[1], 12);
        // Back to (0.5, 0.5): traded |0.5 − 0.55/0.999| + |0.5 − 0.45/0.999|.
        (net, traded) = book.Day([0.5, 0.5], [0, 0]);
        double expected = Math.Abs(0.5 - 0.55 / 0.999) + Math.Abs(0.5 - 0.45 / 0.999);
        Assert.Equal(expected, traded, 12);
        Assert.Equal(-0.001 * expected, net, 12);
    }

    [Fact]
    public void A_short_on_a_price_that_more_than_doubles_loses_the_account_not_more()
    {
        var book = new Book(1, 0.001);
        var (net, _) = book.Day([-1.0], [1.5]);
        Assert.Equal(-1, net);
        Assert.Equal(0, book.Held[0]);
        var m = RiskMetrics.Of([0.01, net]);
        Assert.Equal(-1, m.AnnualReturn, 12);
        Assert.Equal(1, m.MaxDrawdown, 12);
    }

    [Fact]
    public void Buy_and_hold_earns_the_price_change_less_one_purchase()
    {
        double[] r = [0.01, -0.02, 0.03, 0.005];
        var returns = Column(r);
        var result = Backtest.Run(new BuyAndHold(), returns, 0, r.Length, 0.001);
        Assert.Equal([1.0, 0, 0, 0], result.Turnover);
        double equity = result.Returns.Aggregate(1.0, (e, x) => e * (1 + x));
        // The asset bought with the whole account grows as the price; the cost is a cash debt that stays as it was.
        Assert.Equal((1 + r[0]) * (1 + r[1]) * (1 + r[2]) * (1 + r[3]) - 0.001, equity, 12);
    }

    [Fact]
    public void A_strategy_that_reads_the_day_it_decides_is_stopped()
    {
        var returns = Column([0.01, 0.02, 0.03]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Backtest.Run(new Peeking(), returns, 1, 3, 0));
        Assert.Contains("not before the day being decided", e.Message);
    }

    [Fact]
    public void Time_series_momentum_goes_short_after_a_falling_year_skipping_the_last_month()
    {
        // 252 days: falling for the first 231, rising sharply in the last 21 (the skipped month).
        var r = Enumerable.Repeat(-0.001, 231).Concat(Enumerable.Repeat(0.02, 21)).Append(0.0).Append(0.0).ToArray();
        var result = Backtest.Run(new Momentum(), Column(r), 252, 254, 0);
        Assert.Equal(1, result.Turnover[0], 12); // from cash to −1
        var rising = Enumerable.Repeat(0.001, 252).Append(0.01).Append(0.0).ToArray();
        Assert.Equal(0.01, Backtest.Run(new Momentum(), Column(rising), 252, 254, 0).Returns[0], 12);
    }

    [Fact]
    public void Cross_sectional_momentum_holds_the_top_third_equally()
    {
        int days = 254;
        var returns = new double[days, 6];
        for (int t = 0; t < days; t++) { for (int i = 0; i < 6; i++) { returns[t, i] = 0.0001 * i; } }
        var weights = Weights(new Momentum(), returns, 252);
        Assert.Equal([0, 0, 0, 0, 0.5, 0.5], weights);
    }

    [Fact]
    public void Mean_variance_on_one_asset_is_the_clipped_merton_fraction()
    {
        // Alternating 0.0103 and −0.0097: mean 0.0003, sample variance (252/251)·0.0001; μ / (γσ²) ≈ 0.6.
        var r = Enumerable.Range(0, 253).Select(t => t % 2 == 0 ? 0.0103 : -0.0097).ToArray();
        double[] w = Weights(new MeanVariance(), Column(r), 252);
        double variance = 252.0 / 251 * 0.0001;
        Assert.Equal(0.0003 / (MeanVariance.DefaultRiskAversion * variance), w[0], 6);
        // A mean of 0.001 asks for about twice the capital: clipped to fully invested; a negative mean to cash.
        Assert.Equal(1, Weights(new MeanVariance(), Column([.. r.Select(x => x + 0.0007)]), 252)[0], 12);
        Assert.Equal(0, Weights(new MeanVariance(), Column([.. r.Select(x => x - 0.0006)]), 252)[0], 12);
    }

    [Fact]
    public void Risk_parity_equalises_the_risk_contributions()
    {
        var rng = new Rng(3);
        var returns = new double[64, 3];
        for (int t = 0; t < 64; t++)
        {
            double common = rng.Normal();
            for (int i = 0; i < 3; i++) { returns[t, i] = 0.005 * (i + 1) * (0.5 * common + rng.Normal()); }
        }
        var w = Weights(new RiskParity(), returns, 63);
        var (_, cov) = new ReturnHistory(returns, 63).Moments(0);
        var contribution = Enumerable.Range(0, 3).Select(i => w[i] * Enumerable.Range(0, 3).Sum(j => cov[i, j] * w[j])).ToArray();
        Assert.Equal(1, w.Sum(), 9);
        Assert.All(contribution, c => Assert.Equal(contribution[0], c, 9));
        Assert.True(w[0] > w[1] && w[1] > w[2], "the calmest asset gets the most weight");
    }

    [Fact]
    public void The_simplex_projection_is_the_nearest_point_of_the_simplex()
    {
        var rng = new Rng(5);
        for (int trial = 0; trial < 50; trial++)
        {
            var v = Enumerable.Range(0, 4).Select(_ => rng.Normal()).ToArray();
            var w = new double[4];
            Simplex.Project(v, w);
            Assert.Equal(1, w.Sum(), 12);
            double best = Distance(v, w);
            // No point of a fine grid on the simplex is nearer.
            for (int a = 0; a <= 20; a++)
            {
                for (int b = 0; a + b <= 20; b++)
                {
                    for (int c = 0; a + b + c <= 20; c++)
                    {
                        double[] p = [a / 20.0, b / 20.0, c / 20.0, (20 - a - b - c) / 20.0];
                        Assert.True(Distance(v, p) >= best - 1e-12);
                    }
                }
            }
        }
    }

    [Fact]
    public void Walk_forward_tests_each_block_after_everything_it_trains_on()
    {
        var blocks = WalkForward.Blocks(100, 400, 3);
        Assert.Equal([(1, 175, 175, 250), (2, 250, 250, 325), (3, 325, 325, 400)], blocks);
        Assert.Throws<ArgumentException>(() => WalkForward.Blocks(0, 5, 3));
    }

    private static double Distance(double[] a, double[] b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Sum();

    /// <summary>The weights <paramref name="strategy"/> trades to on <paramref name="day"/> (from cash).</summary>
    private static double[] Weights(IStrategy strategy, double[,] returns, int day)
    {
        var w = new double[returns.GetLength(1)];
        strategy.Start(w.Length);
        strategy.Decide(new ReturnHistory(returns, day), new double[w.Length], w);
        return w;
    }

    private static double[,] Column(double[] r) => Backtest.Column(r);

    private sealed class Peeking : IStrategy
    {
        public string Name => "peeking";

        public void Start(int assets) { }

        public void Decide(ReturnHistory history, ReadOnlySpan<double> held, Span<double> weights) => weights[0] = Math.Sign(history[history.Day, 0]);
    }
}
