using MetaRL.Learning.AbTesting;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl ab --a ARM --b ARM --env RecSlate-v0 --users N [--metric watch_time|ctr|session_length] [--sequential]
/// [--alpha 0.05] [--tau 0.1] [--seed S] [--set KEY=VALUE …] [--json]</c>: an A/B test of two recommenders (<see cref="AbTest"/>),
/// the difference with its 95% interval and p-value printed once all users are in, or the always-valid mSPRT that may stop
/// early; the decision as a sentence.</summary>
internal static class AbCommand
{
    public static Command Create()
    {
        var a = new Option<string>("--a") { Description = "Arm A (the control): a baseline name (RecSlate-v0: random, popularity, greedy, oracle) or a run directory written by metarl train.", Required = true };
        var b = new Option<string>("--b") { Description = "Arm B (the treatment), as --a.", Required = true };
        var env = new Option<string>("--env") { Description = "Environment id; A/B tests run on RecSlate-v0.", Required = true };
        var users = new Option<int>("--users") { Description = "Users in the test, both arms together (at least 4); each plays one session.", Required = true };
        var metric = new Option<string>("--metric") { Description = "Per-user metric compared: watch_time (minutes per session), ctr or session_length.", DefaultValueFactory = _ => AbTestOptions.DefaultMetric };
        var sequential = new Option<bool>("--sequential") { Description = "Always-valid mixture SPRT after each pair of users; stops early when it rejects." };
        var alpha = new Option<double>("--alpha") { Description = "Level of the test.", DefaultValueFactory = _ => AbTestOptions.DefaultAlpha };
        var tau = new Option<double>("--tau") { Description = "mSPRT mixing standard deviation in units of one pair's standard deviation (τ² = tau²·V).", DefaultValueFactory = _ => AbTestOptions.DefaultMixingScale };
        var seed = new Option<long>("--seed") { Description = "Seed of the users, the assignment coin and the arms' randomness.", DefaultValueFactory = _ => new AbTestOptions().Seed };
        var set = new Option<string[]>("--set") { Description = "Environment setting key=value (repeatable) of both arms; a run arm must have been trained with the same settings.", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (arms, users, means, difference, ci95, p_value, lift; stopped_at, always_valid_p, confidence_sequence with --sequential)." };
        var command = new Command("ab", "A/B test two recommenders on RecSlate-v0: users randomised to arms in pairs by a seeded coin, difference B − A with Welch 95% CI and p-value once all users are in, or an always-valid mSPRT (--sequential); the decision as a sentence.")
        {
            a, b, env, users, metric, sequential, alpha, tau, seed, set, json,
        };
        command.SetAction(parse =>
        {
            var options = new AbTestOptions
            {
                Users = parse.GetValue(users), Metric = parse.GetValue(metric)!, Sequential = parse.GetValue(sequential),
                Alpha = parse.GetValue(alpha), MixingScale = parse.GetValue(tau), Seed = parse.GetValue(seed),
            };
            return Run(parse.GetValue(a)!, parse.GetValue(b)!, parse.GetValue(env)!, BaselinesCommand.ParseSettings(parse.GetValue(set)), options,
                parse.GetValue(json), parse.InvocationConfiguration.Output);
        });
        return command;
    }

    internal static int Run(string armA, string armB, string envId, Dictionary<string, string> settings, AbTestOptions options, bool json, TextWriter output)
    {
        AbReport report;
        try
        {
            options.Validate();
            string id = EnvRegistry.Describe(envId).Id;
            if (id != "RecSlate-v0") { throw new UserInputException($"A/B tests run on RecSlate-v0, not {id}"); }
            var resolved = EnvRegistry.Settings(id, settings).Values;
            var a = AbArm.Open(armA, id, resolved, options.Seed + 2);
            var b = AbArm.Open(armB, id, resolved, options.Seed + 4);
            report = AbTest.Run(id, resolved, a, b, options);
        }
        catch (ArgumentException ex) when (ex is not EnvConfigurationException) { throw new UserInputException(ex.Message); }
        output.WriteLine(json ? Json(report) : Text(report));
        return 0;
    }

    private static readonly CultureInfo F = CultureInfo.InvariantCulture;

    /// <summary>The decision sentence keeps its "+" and "−" readable.</summary>
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("F4", F) : v.ToString(F);

    /// <summary>"p = 0.012", "p = 3.1e-05", or "p &lt; 1e-12" (the normal tail means nothing finer).</summary>
    private static string P(double p) => p < 1e-12 ? "p < 1e-12" : p < 0.001 ? $"p = {p.ToString("0.0e0", F)}" : $"p = {p.ToString("F3", F)}";

    private static string Level(double alpha) => $"{((1 - alpha) * 100).ToString("0.##", F)}%";

    private static string Pct(double v) => double.IsFinite(v) ? v.ToString("+0.0%;-0.0%;0.0%", F) : "n/a";

    private static string Describe(string metric) => metric switch
    {
        "watch_time" => "watch time per session",
        "ctr" => "click-through rate",
        _ => "session length",
    };

    /// <summary>Whether the fixed-horizon analysis may be shown: all users are in (not stopped early by the mSPRT).</summary>
    private static bool Complete(AbReport r) => r.Sequential is not { Stopped: true };

    internal static string Text(AbReport r)
    {
        var w = r.Welch;
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"A/B test on {r.Env}, metric {r.Metric}: A = {r.ArmA}, B = {r.ArmB}; {r.UsersA + r.UsersB} users ({r.UsersA} A, {r.UsersB} B)");
        sb.AppendLine($"  A {r.ArmA}: mean {Num(w.MeanA)}");
        sb.AppendLine($"  B {r.ArmB}: mean {Num(w.MeanB)}");
        if (Complete(r))
        {
            sb.AppendLine($"Fixed horizon (all users in; Welch t, df {w.DegreesOfFreedom.ToString("F1", F)}): B − A = {Num(w.Difference)}, 95% CI [{Num(w.Ci95Low)}, {Num(w.Ci95High)}], {P(w.PValue)}, lift {Pct(w.Lift)}");
        }
        if (r.Sequential is { } s)
        {
            string where = s.Stopped ? $"stopped after {s.StoppedAtUsers} users ({s.Last.Pairs} pairs)" : $"did not stop in {s.StoppedAtUsers} users";
            sb.AppendLine($"Sequential (mSPRT, α = {r.Alpha.ToString(F)}): {where}; Λ = {s.Last.Lambda.ToString("G4", F)} (threshold {(1 / r.Alpha).ToString("G4", F)}), always-valid {P(s.AlwaysValidP)}, {Level(r.Alpha)} confidence sequence [{Num(s.SequenceLow)}, {Num(s.SequenceHigh)}]");
        }
        sb.Append(Decision(r));
        return sb.ToString();
    }

    /// <summary>The decision as one sentence.</summary>
    internal static string Decision(AbReport r)
    {
        var w = r.Welch;
        int n = r.UsersA + r.UsersB;
        string evidence = r.Sequential is { } s
            ? $"{Level(r.Alpha)} confidence sequence [{Num(s.SequenceLow)}, {Num(s.SequenceHigh)}], always-valid {P(s.AlwaysValidP)}"
            : $"95% CI [{Num(w.Ci95Low)}, {Num(w.Ci95High)}], {P(w.PValue)}";
        double lift = w.Lift; // over the users that played: all of them, or those in when the mSPRT stopped
        if (!r.Significant) { return $"No significant difference after {n} users ({evidence}); keep A."; }
        return r.BWins
            ? $"B ({r.ArmB}) beats A ({r.ArmA}) on {Describe(r.Metric)} by {Pct(lift)} ({evidence}); ship B."
            : $"A ({r.ArmA}) beats B ({r.ArmB}) on {Describe(r.Metric)}: B changes it by {Pct(lift)} ({evidence}); keep A.";
    }

    /// <summary>One object: arms, users per arm, means, difference, ci95, p_value, lift, decision; with --sequential also
    /// stopped_at (users when it stopped, null when it did not), always_valid_p and confidence_sequence. ci95 and p_value are
    /// null when the mSPRT stopped early (the fixed-horizon analysis needs all users).</summary>
    internal static string Json(AbReport r)
    {
        var w = r.Welch;
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        var o = new Dictionary<string, object?>
        {
            ["env"] = r.Env, ["metric"] = r.Metric, ["alpha"] = r.Alpha,
            ["arms"] = new Dictionary<string, string> { ["a"] = r.ArmA, ["b"] = r.ArmB },
            ["users"] = new Dictionary<string, int> { ["a"] = r.UsersA, ["b"] = r.UsersB },
            ["means"] = new Dictionary<string, double?> { ["a"] = Finite(w.MeanA), ["b"] = Finite(w.MeanB) },
            ["difference"] = Finite(w.Difference),
            ["ci95"] = Complete(r) ? new[] { Finite(w.Ci95Low), Finite(w.Ci95High) } : null,
            ["p_value"] = Complete(r) ? Finite(w.PValue) : null,
            ["lift"] = Finite(w.Lift),
            ["significant"] = r.Significant,
            ["decision"] = Decision(r),
        };
        if (r.Sequential is { } s)
        {
            o["stopped_at"] = s.Stopped ? s.StoppedAtUsers : null;
            o["always_valid_p"] = s.AlwaysValidP;
            o["confidence_sequence"] = new[] { Finite(s.SequenceLow), Finite(s.SequenceHigh) };
        }
        return JsonSerializer.Serialize(o, RelaxedJson);
    }
}
