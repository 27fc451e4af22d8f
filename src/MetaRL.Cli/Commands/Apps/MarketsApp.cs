using MetaRL.Learning.Applications;
using MetaRL.Serialization;

namespace MetaRL.Cli.Commands.Apps;

/// <summary><c>metarl app markets</c>: RL² meta-trained across market regimes against a non-adaptive PPO policy and the
/// market baselines on held-out regimes (and walk-forward blocks of a recorded CSV), with its report.</summary>
internal static class MarketsApp
{
    public static Command Create()
    {
        var quick = AppCommand.QuickOption();
        var out_ = AppCommand.OutOption("markets");
        var seed = new Option<int>("--seed") { Description = "Seed of training and of the held-out regimes.", DefaultValueFactory = _ => (int)new MarketsJourneyOptions().Seed };
        var data = new Option<string?>("--data") { Description = "An OHLCV CSV (date,open,high,low,close,volume): also score every method on its walk-forward blocks." };
        var splits = new Option<int>("--splits") { Description = "Walk-forward test blocks of --data.", DefaultValueFactory = _ => new MarketsJourneyOptions().Splits };
        var command = new Command("markets", "Market trading (Trading-v0): RL² meta-trained across generated regimes vs a non-adaptive PPO policy and buy-and-hold, 12-1 momentum and mean-variance on held-out regimes (and walk-forward blocks of --data); writes report.html, report.md and results.json.")
        {
            quick, out_, seed, data, splits,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            bool isQuick = parse.GetValue(quick);
            string dir = parse.GetValue(out_) ?? Path.Combine("runs", isQuick ? "app-markets-quick" : "app-markets");
            var options = isQuick ? MarketsJourneyOptions.Quick() : new MarketsJourneyOptions();
            options.Seed = parse.GetValue(seed);
            options.Splits = parse.GetValue(splits);
            if (parse.GetValue(data) is { } csv)
            {
                var series = MetaRL.Envs.Markets.PriceSeries.ReadCsv(csv); // a malformed or short file fails here, before any training
                try { MarketsJourney.WalkForwardBlocks(series.Count - 1, options.Splits); }
                catch (ArgumentException e) { throw new UserInputException($"{csv}: {e.Message}."); }
                options.Data = csv;
            }
            try { options.Validate(); }
            catch (ArgumentException e) { throw new UserInputException(e.Message); }
            return CtrlC.Run(cancel =>
            {
                MarketsJourneyResult result;
                try { result = MarketsJourney.Run(options, dir, line => o.WriteLine("  " + line), cancel); }
                catch (OperationCanceledException)
                {
                    o.WriteLine("stopped before the end: no report written.");
                    return 1;
                }
                MarketsReport.Build(result, isQuick).Write(dir);
                AtomicFile.WriteText(Path.Combine(dir, "results.json"), MarketsReport.Json(result));
                o.WriteLine();
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Held-out regimes (n = {options.HeldOutTasks}, {options.Days} days each), means over regimes:"));
                MarketTable.Write(o, result.HeldOut);
                if (result.WalkForward.Count > 0)
                {
                    o.WriteLine();
                    o.WriteLine($"Walk-forward on {options.Data} ({options.Splits} test blocks):");
                    MarketTable.Write(o, result.WalkForward);
                }
                o.WriteLine(MarketsReport.Verdict(result));
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Report: {Path.Combine(dir, "report.html")} and report.md ({result.Seconds:F0} s)"));
                return 0;
            }, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}
