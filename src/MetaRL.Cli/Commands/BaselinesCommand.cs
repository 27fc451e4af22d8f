namespace MetaRL.Cli.Commands;
using MetaRL.Learning.OffPolicy;
using MetaRL.Statistics;


/// <summary><c>metarl baselines ID --set k=v … --trials N [--json]</c>: the classical baselines and oracles
/// of a family, mean total reward per trial with a 95% confidence interval.</summary>
internal static class BaselinesCommand
{
    public static Command Create()
    {
        var id = new Argument<string>("id") { Description = "Environment id (see 'metarl envs list')." };
        var set = SetOption();
        var trials = new Option<int>("--trials") { Description = "Trials per method.", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the trial tasks and of the methods' randomness.", DefaultValueFactory = _ => 0 };
        var methods = new Option<string[]>("--method") { Description = "Run only these methods (repeatable).", AllowMultipleArgumentsPerToken = false };
        var epsilon = new Option<double>("--epsilon") { Description = "Exploration rate of epsilon-greedy.", DefaultValueFactory = _ => BaselineOptions.Default.Epsilon };
        var ucbC = new Option<double>("--ucb1-c") { Description = "UCB1 exploration constant c (textbook √2).", DefaultValueFactory = _ => BaselineOptions.Default.Ucb1C };
        var json = new Option<bool>("--json") { Description = "Print {\"rows\":[{\"method\",\"mean\",\"ci95\",\"n\"}]}." };
        var logOut = new Option<string?>("--log-out") { Description = "RecSlate-v0 with one --method: write every decision as a bandit log for 'metarl ope' (JSON lines: context, action = slate index, reward, pscore, target)." };
        var logEpsilon = new Option<double>("--log-epsilon") { Description = "With --log-out: uniform exploration mixed into the logged method (pscore = (1 - e)·[its slate] + e/slates).", DefaultValueFactory = _ => DefaultLogEpsilon };
        var logTarget = new Option<string?>("--log-target") { Description = "With --log-out: the baseline whose slates are the log's target policy; without it the target is the uniform policy." };
        var data = new Option<string?>("--data") { Description = "Trading-v0: an OHLCV CSV to run the market baselines on (the same as --set data=PATH); without it they run on --trials generated regimes." };
        var splits = new Option<int>("--splits") { Description = "Trading-v0 with --data: also test on K walk-forward blocks (each after everything it could learn from)." };
        var command = new Command("baselines", "Run a family's classical baselines and oracles (random, greedy, epsilon-greedy, ucb1, thompson, gittins, psrl, oracle; for Trading-v0/Portfolio-v0 buy-and-hold, equal weight, 12-1 momentum, mean-variance, risk parity) and print mean total reward per trial with 95% CI (markets: risk metrics).")
        {
            id, set, trials, seed, methods, epsilon, ucbC, json, logOut, logEpsilon, logTarget, data, splits,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            int n = parse.GetValue(trials);
            if (n < 1) { throw new UserInputException("--trials must be at least 1."); }
            var settings = ParseSettings(parse.GetValue(set));
            if (parse.GetValue(id) is "Trading-v0" or "Portfolio-v0")
            {
                if (parse.GetValue(data) is { } path)
                {
                    if (parse.GetValue(id) != "Trading-v0") { throw new UserInputException("--data: Portfolio-v0 runs on generated markets only; recorded prices go to Trading-v0."); }
                    settings["data"] = path;
                }
                return MarketBaselinesRun(o, parse.GetValue(id)!, settings, n, parse.GetValue(seed), parse.GetValue(splits), parse.GetValue(json));
            }
            if (parse.GetValue(data) is not null || parse.GetValue(splits) != 0) { throw new UserInputException("--data and --splits are for Trading-v0."); }
            var chosen = parse.GetValue(methods);
            if (EnvRegistry.Describe(parse.GetValue(id)!).Id == "Diagnosis-v0") { return DiagnosisTable.Baselines(o, settings, chosen, parse.GetValue(json)); }
            double eps = parse.GetValue(epsilon), c = parse.GetValue(ucbC);
            if (!(eps >= 0 && eps <= 1)) { throw new UserInputException("--epsilon must be in [0, 1]."); }
            if (!(c >= 0 && double.IsFinite(c))) { throw new UserInputException("--ucb1-c must be a finite number ≥ 0."); }
            var options = new BaselineOptions { Epsilon = eps, Ucb1C = c };
            var decisions = DecisionLog(parse.GetValue(id)!, settings, chosen, parse.GetValue(logOut), parse.GetValue(logEpsilon), parse.GetValue(logTarget), parse.GetValue(seed));
            var rows = BaselineRunner.Run(parse.GetValue(id)!, settings, n, parse.GetValue(seed), chosen is { Length: > 0 } ? chosen : null, options, decisions);
            if (decisions is not null) { WriteDecisionLog(parse.GetValue(logOut)!, decisions); }
            if (parse.GetValue(json))
            {
                o.WriteLine(JsonSerializer.Serialize(new
                {
                    rows = rows.Select(r => r.Metrics is null
                        ? (object)new { method = r.Method, mean = r.Mean, ci95 = r.Ci95, n = r.N }
                        : new { method = r.Method, mean = r.Mean, ci95 = r.Ci95, n = r.N, metrics = MetricsJson(r.Metrics) }),
                }));
                return 0;
            }
            var effective = EnvRegistry.Settings(parse.GetValue(id)!, settings).Values;
            o.WriteLine($"{parse.GetValue(id)}  {string.Join(" ", effective.Select(kv => $"{kv.Key}={kv.Value}"))}  trials={n}");
            o.WriteLine($"{"method",-16}{"mean",12}{"±95%",10}{"n",8}");
            foreach (var r in rows)
            {
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Method,-16}{r.Mean,12:F2}{r.Ci95,10:F2}{r.N,8}"));
            }
            FamilyMetricsTable.Write(o, [.. rows.Where(r => r.Metrics is not null).Select(r =>
                (r.Method, (IReadOnlyDictionary<string, (double, double)>)r.Metrics!.ToDictionary(kv => kv.Key, kv => (kv.Value.Mean, kv.Value.HalfWidth))))]);
            return 0;
        });
        return command;
    }

    /// <summary>Trading-v0's or Portfolio-v0's baselines: on the recorded series of its <c>data</c> setting from the day its <c>history</c>
    /// setting names (with <paramref name="splits"/> walk-forward blocks), else on <paramref name="trials"/> generated regimes.</summary>
    private static int MarketBaselinesRun(TextWriter o, string id, Dictionary<string, string> settings, int trials, long seed, int splits, bool json)
    {
        var effective = EnvRegistry.Settings(id, settings);
        string data = effective.Values.GetValueOrDefault("data", "");
        if (splits < 0) { throw new UserInputException("--splits must be 0 or more."); }
        if (splits > 0 && data.Length == 0) { throw new UserInputException("--splits takes a recorded series: give --data PATH."); }
        IReadOnlyList<MetaRL.Envs.Markets.MarketRow> rows;
        if (data.Length > 0)
        {
            var series = MetaRL.Envs.Markets.PriceSeries.ReadCsv(data).Returns();
            int start = effective.Int("history", 0);
            if (series.Length - start < 2) { throw new UserInputException($"{data}: {series.Length} daily returns leave fewer than 2 after the {start} days of history (--set history=N)."); }
            var returns = MetaRL.Envs.Markets.Backtest.Column(series);
            try { rows = MetaRL.Envs.Markets.MarketBaselines.OnSeries(returns, start, effective.Double("cost", 0, 1), splits); }
            catch (ArgumentException e) { throw new UserInputException($"{data}: {e.Message}"); }
        }
        else
        {
            var env = EnvRegistry.Make(id, settings);
            // The tasks from a stream of their own: episode i is reset with seed + i, which must not replay the draws of a task.
            var tasks = env.Find<ITaskEnv>()!.SampleTasks(trials, new Rng(MetaRL.Learning.Meta.SeedPath.Derive(seed, -1)));
            try { rows = MetaRL.Envs.Markets.MarketBaselines.OnTasks(env, tasks, seed); }
            catch (ArgumentException e) { throw new UserInputException($"{id}: {e.Message} (--set max_steps=N with N ≥ 2)."); }
        }
        if (json) { o.WriteLine(JsonSerializer.Serialize(new { rows = rows.Select(MarketTable.Json) })); return 0; }
        o.WriteLine($"{id}  {string.Join(" ", effective.Values.Where(kv => kv.Value.Length > 0).Select(kv => $"{kv.Key}={kv.Value}"))}{(data.Length > 0 ? "" : $"  tasks={trials}")}");
        MarketTable.Write(o, rows);
        return 0;
    }

    /// <summary>The default <c>--log-epsilon</c>: one decision in ten explores.</summary>
    internal const double DefaultLogEpsilon = 0.1;

    /// <summary>The decision log <c>--log-out</c> asks for (null without it), its options checked.</summary>
    private static RecSlateDecisionLog? DecisionLog(string id, Dictionary<string, string> settings, string[]? methods, string? path, double epsilon, string? target, long seed)
    {
        if (path is null) { return null; }
        if (id != "RecSlate-v0") { throw new UserInputException($"--log-out writes RecSlate-v0 decisions, not {id}'s."); }
        if (methods is not { Length: 1 }) { throw new UserInputException("--log-out logs one method's decisions: give exactly one --method (random, popularity, greedy or oracle)."); }
        if (!(epsilon >= 0 && epsilon <= 1)) { throw new UserInputException("--log-epsilon must be in [0, 1]."); }
        var available = BaselineRunner.Methods(id);
        if (target is not null && !available.Contains(target)) { throw new UserInputException($"--log-target must be a baseline of {id} ({string.Join(", ", available)}), not '{target}'."); }
        return new RecSlateDecisionLog(epsilon, target, seed + 3);
    }

    private static void WriteDecisionLog(string path, RecSlateDecisionLog d)
    {
        var log = new BanditLog(d.Slates, [.. d.Action], [.. d.Reward], [.. d.Pscore], [.. d.Target], [.. d.Context], d.ContextDim);
        BanditLogWriter.Write(path, log);
    }

    /// <summary>A family's metrics as <c>{"name":{"mean","ci95","n"}}</c> (figures rounded to 6 decimals).</summary>
    internal static Dictionary<string, object> MetricsJson(IReadOnlyDictionary<string, MeanInterval> metrics) =>
        metrics.ToDictionary(kv => kv.Key, kv => (object)new { mean = Math.Round(kv.Value.Mean, 6), ci95 = Math.Round(kv.Value.HalfWidth, 6), n = kv.Value.N }, StringComparer.Ordinal);

    /// <summary>The repeatable <c>--set key=value</c> option.</summary>
    internal static Option<string[]> SetOption() =>
        new("--set") { Description = "Environment setting key=value (repeatable), e.g. --set arms=10 --set pulls=100.", AllowMultipleArgumentsPerToken = false };

    /// <summary>Parses <c>key=value</c> pairs; malformed ones are a user error.</summary>
    internal static Dictionary<string, string> ParseSettings(string[]? pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pairs ?? [])
        {
            var (key, value) = MetaRL.Learning.ConfigLayers.ParseAssignment(p);
            result[key] = value;
        }
        return result;
    }
}
