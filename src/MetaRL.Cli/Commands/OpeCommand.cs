using System.Diagnostics;
using MetaRL.Learning.OffPolicy;
using MetaRL.Memory;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl ope --log FILE [--estimators ipw,snipw,…] [--set NAME.lambda=V …] [--bootstrap N] [--seed S] [--json]</c>:
/// Open Bandit Pipeline's off-policy estimators on a logged bandit feedback file (<see cref="OffPolicyEvaluation"/>), one
/// row per estimator; <c>metarl ope synth</c> writes OBP's synthetic example log with its true value.</summary>
internal static class OpeCommand
{
    public static Command Create()
    {
        var log = new Option<string>("--log") { Description = "Logged bandit feedback, JSON lines: one object per decision with action, reward, pscore, target (the evaluated policy's probabilities over all actions) and optionally context, position and q_hat (docs/ope.md)." };
        var estimators = new Option<string>("--estimators") { Description = "Comma-separated estimators (Open Bandit Pipeline's names).", DefaultValueFactory = _ => OpeEstimator.DefaultNames };
        var set = new Option<string[]>("--set") { Description = "NAME.lambda=V (repeatable): an estimator's hyperparameter, e.g. dr-os.lambda=100 or ipw.lambda=inf; ipw and dr clip weights at λ (default " + Lambda(OpeEstimator.Ipw) + "), switch-dr uses DM where w > λ (default " + Lambda(OpeEstimator.SwitchDr) + "), dr-os shrinks w to λw/(w²+λ) (default " + Lambda(OpeEstimator.DrOs) + ").", AllowMultipleArgumentsPerToken = false };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples of the 95% interval (0 skips it; the JSON then has \"ci95\":null).", DefaultValueFactory = _ => OpeOptions.DefaultBootstrapSamples };
        var seed = new Option<long>("--seed") { Description = "Seed of the bootstrap and of the reward model's folds.", DefaultValueFactory = _ => OpeOptions.DefaultSeed };
        var rewardModel = new Option<string>("--reward-model") { Description = "When the log has context but no q_hat: auto (logistic for 0/1 rewards, else ridge), logistic or ridge.", DefaultValueFactory = _ => RewardModelOptions.DefaultKind };
        var features = new Option<string>("--reward-features") { Description = "per-action (context ⊗ one-hot action) or additive ([context, one-hot action], OBP's RegressionModel).", DefaultValueFactory = _ => RewardModelOptions.FeatureName(RewardModelOptions.Default.Features) };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds of the reward model (1: fit once on all rows).", DefaultValueFactory = _ => RewardModelOptions.DefaultFolds };
        var json = new Option<bool>("--json") { Description = "Print {\"rows\":[{\"estimator\":…,\"value\":…,\"ci95\":[lo,hi],\"n\":…},…]} instead of a table." };
        var command = new Command("ope", "Off-policy evaluation from logged bandit feedback: each estimator's value of the target policy with a seeded bootstrap 95% interval (Open Bandit Pipeline's ipw, snipw, dm, dr, sndr, switch-dr, dr-os).")
        {
            log, estimators, set, bootstrap, seed, rewardModel, features, folds, json,
        };
        command.SetAction(parse =>
        {
            var options = Options(parse.GetValue(estimators)!, parse.GetValue(set) ?? [], parse.GetValue(bootstrap), parse.GetValue(seed),
                parse.GetValue(rewardModel)!, parse.GetValue(features)!, parse.GetValue(folds));
            return Run(parse.GetValue(log), options, parse.GetValue(json), parse.InvocationConfiguration.Output);
        });
        command.Subcommands.Add(SynthCommand());
        return command;
    }

    private static string Lambda(string estimator) => OpeFormat.Lambda(OpeEstimator.DefaultLambda(estimator)!.Value);

    internal static OpeOptions Options(string estimators, string[] sets, int bootstrap, long seed, string rewardModel, string features, int folds)
    {
        var names = estimators.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) { throw new UserInputException("--estimators names no estimator"); }
        var unknown = names.FirstOrDefault(n => !OpeEstimator.Names.Contains(n));
        if (unknown is not null) { throw new UserInputException($"unknown estimator '{unknown}'; known: {OpeEstimator.DefaultNames}"); }
        if (names.Distinct().Count() != names.Length) { throw new UserInputException("--estimators names an estimator twice"); }
        var chosen = names.Select(OpeEstimator.Create).ToList();
        foreach (var s in sets)
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            string key = eq < 0 ? s : s[..eq];
            if (eq < 0 || !key.EndsWith(".lambda", StringComparison.Ordinal))
            {
                throw new UserInputException($"--set takes NAME.lambda=V (e.g. dr-os.lambda=100), not '{s}'");
            }
            string name = key[..^".lambda".Length];
            int k = chosen.FindIndex(e => e.Name == name);
            if (k < 0)
            {
                throw new UserInputException(OpeEstimator.Names.Contains(name)
                    ? $"--set {key}: {name} is not among --estimators ({string.Join(',', names)})"
                    : $"--set {key}: unknown estimator '{name}'; known: {OpeEstimator.DefaultNames}");
            }
            if (OpeEstimator.DefaultLambda(name) is null) { throw new UserInputException($"--set {key}: {name} has no lambda; ipw, dr, switch-dr and dr-os do"); }
            string text = s[(eq + 1)..].Trim();
            double lambda = text.ToLowerInvariant() is "inf" or "infinity" or "+inf" or "∞" ? double.PositiveInfinity
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN;
            if (!(lambda >= 0)) { throw new UserInputException($"--set {key}={text}: lambda is a number ≥ 0 or inf"); }
            chosen[k] = chosen[k].WithLambda(lambda);
        }
        if (bootstrap < 0) { throw new UserInputException("--bootstrap must be ≥ 0"); }
        if (folds < 1) { throw new UserInputException("--folds must be ≥ 1"); }
        if (rewardModel is not (RewardModelOptions.Auto or RewardModelOptions.Logistic or RewardModelOptions.Ridge))
        {
            throw new UserInputException($"unknown --reward-model '{rewardModel}'; known: auto, logistic, ridge");
        }
        var f = RewardModelOptions.ParseFeatures(features) ?? throw new UserInputException($"unknown --reward-features '{features}'; known: per-action, additive");
        return new OpeOptions
        {
            Estimators = chosen,
            BootstrapSamples = bootstrap,
            Seed = seed,
            RewardModel = new RewardModelOptions { Kind = rewardModel, Features = f, Folds = folds, Seed = seed },
        };
    }

    internal static int Run(string? path, OpeOptions options, bool json, TextWriter output)
    {
        if (string.IsNullOrEmpty(path)) { throw new UserInputException("--log is required: the logged bandit feedback file (JSON lines)"); }
        if (!File.Exists(path)) { throw new UserInputException($"'{path}' does not exist"); }
        var clock = Stopwatch.StartNew();
        var log = BanditLogReader.Read(path);
        double readSeconds = clock.Elapsed.TotalSeconds;
        var report = OffPolicyEvaluation.Evaluate(log, options);
        if (json)
        {
            output.WriteLine(Json(report));
            return 0;
        }
        var f = CultureInfo.InvariantCulture;
        string Num(double v) => v.ToString("F6", f);
        TextTable.Write(output, ["estimator", "lambda", "value", "95% CI", "n"],
            [.. report.Rows.Select(r => new[]
            {
                r.Estimator.Name, double.IsNaN(r.Estimator.Lambda) ? "" : OpeFormat.Lambda(r.Estimator.Lambda), Num(r.Value),
                options.BootstrapSamples == 0 ? "" : $"[{Num(r.Ci95Low)}, {Num(r.Ci95High)}]", r.N.ToString("N0", f),
            })], new HashSet<int> { 1, 2, 4 });
        string qHat = report.FittedRewardModel
            ? $"q_hat fitted ({options.RewardModel.Kind}, {RewardModelOptions.FeatureName(options.RewardModel.Features)}, {options.RewardModel.Folds} folds) in {report.FitSeconds.ToString("F3", f)} s"
            : log.QHat is null ? "no q_hat needed" : "q_hat from the log";
        string boot = options.BootstrapSamples > 0 ? $"bootstrap ({options.BootstrapSamples:N0} resamples, seed {options.Seed}) {report.BootstrapSeconds.ToString("F3", f)} s" : "no bootstrap";
        output.WriteLine($"{log.Rows.ToString("N0", f)} rows, {log.Actions} actions; {qHat}; read {readSeconds.ToString("F3", f)} s, estimates {report.EstimateSeconds.ToString("F3", f)} s, {boot}");
        return 0;
    }

    /// <summary>Exactly <c>{"rows":[{"estimator":NAME,"value":V,"ci95":[LO,HI],"n":ROWS},…]}</c>; null for a value or interval
    /// that is not a number (no bootstrap, or OBP's 0/0).</summary>
    internal static string Json(OpeReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("rows");
            foreach (var r in report.Rows)
            {
                w.WriteStartObject();
                w.WriteString("estimator", r.Estimator.Name);
                // A self-normalised estimate is 0/0 when no logged action has target probability (OBP gives NaN): JSON says null.
                if (double.IsFinite(r.Value)) { w.WriteNumber("value", r.Value); }
                else { w.WriteNull("value"); }
                if (!double.IsFinite(r.Ci95Low) || !double.IsFinite(r.Ci95High)) { w.WriteNull("ci95"); }
                else
                {
                    w.WriteStartArray("ci95");
                    w.WriteNumberValue(r.Ci95Low);
                    w.WriteNumberValue(r.Ci95High);
                    w.WriteEndArray();
                }
                w.WriteNumber("n", r.N);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Command SynthCommand()
    {
        var defaults = new SyntheticBanditOptions();
        var outPath = new Option<string>("--out") { Description = "Where to write the log (JSON lines).", Required = true };
        var rounds = new Option<int>("--rounds") { Description = "Rows of the logged (test) log.", DefaultValueFactory = _ => defaults.Rounds };
        var actions = new Option<int>("--actions") { Description = "Actions.", DefaultValueFactory = _ => defaults.Actions };
        var dim = new Option<int>("--context-dim") { Description = "Context dimension.", DefaultValueFactory = _ => defaults.ContextDim };
        var beta = new Option<double>("--beta") { Description = "Inverse temperature of the behaviour policy softmax(beta·q).", DefaultValueFactory = _ => defaults.Beta };
        var seed = new Option<long>("--seed") { Description = "Seed of the coefficients, contexts, actions and rewards.", DefaultValueFactory = _ => OpeOptions.DefaultSeed };
        var qHat = new Option<bool>("--q-hat") { Description = "Also write q_hat, fitted by the reward model's defaults (logistic, per action, 3 folds)." };
        var json = new Option<bool>("--json") { Description = "Print {\"path\":…,\"rows\":…,\"actions\":…,\"ground_truth\":…}." };
        var command = new Command("synth", "Write Open Bandit Pipeline's synthetic example log (logistic rewards, behaviour softmax(beta·q), an IPW-learnt evaluation policy as target) and print the evaluation policy's true value.")
        {
            outPath, rounds, actions, dim, beta, seed, qHat, json,
        };
        command.SetAction(parse =>
        {
            var o = new SyntheticBanditOptions { Rounds = parse.GetValue(rounds), Actions = parse.GetValue(actions), ContextDim = parse.GetValue(dim), Beta = parse.GetValue(beta) };
            return Synth(parse.GetValue(outPath)!, o, parse.GetValue(seed), parse.GetValue(qHat), parse.GetValue(json), parse.InvocationConfiguration.Output);
        });
        return command;
    }

    internal static int Synth(string path, SyntheticBanditOptions options, long seed, bool withQHat, bool json, TextWriter output)
    {
        try { options.Validate(); }
        catch (ArgumentException ex) { throw new UserInputException(ex.Message); }
        MemoryLimit.Current.Check(options.EstimateMemory(withQHat));
        var (log, truth) = SyntheticBanditLog.Generate(options, seed);
        if (withQHat) { log = log.WithQHat(RewardModel.Fit(log, new RewardModelOptions { Seed = seed })); }
        BanditLogWriter.Write(path, log);
        string full = Path.GetFullPath(path);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["path"] = full, ["rows"] = log.Rows, ["actions"] = log.Actions, ["ground_truth"] = truth }));
        }
        else
        {
            output.WriteLine($"wrote {log.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows to {full}; the evaluation policy's true value is {truth.ToString("F6", CultureInfo.InvariantCulture)}");
        }
        return 0;
    }
}
