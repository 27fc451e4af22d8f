using MetaRL.Learning.Explain;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl explain --run RUN --obs v1,v2,… [--baseline zeros|mean] [--json]</c>: one decision of a trained
/// policy with integrated-gradients attributions (<see cref="RunExplainer"/>); <c>metarl explain --run DPT_OR_AD_RUN [--seed S]</c>:
/// a pretrained decision transformer's next in-context decision with its attention on each context step
/// (<see cref="DecisionExplainer"/>).</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var runDir = new Option<string>("--run") { Description = "Run directory written by metarl train (ppo, a2c, reinforce, recurrent_ppo: its first step of an episode, or dqn), by metarl meta-train --algo rl2 (the first step of a trial), or by metarl pretrain (dpt or ad).", Required = true };
        var obs = new Option<string?>("--obs") { Description = "The observation, comma-separated (e.g. 0.01,0.2,-0.03,-0.3 for CartPole-v1); required for a single-task run." };
        var seed = new Option<long>("--seed") { Description = "dpt or ad run: the held-out task (meta-eval --seed S's first) on which one trial is played before the explained decision.", DefaultValueFactory = _ => DecisionExplainer.DefaultSeed };
        var baseline = new Option<string>("--baseline") { Description = "Reference observation: zeros, or mean (the training observations' mean where the run normalises observations, else the mean over 10 greedy episodes of the trained policy).", DefaultValueFactory = _ => RunExplainer.DefaultBaseline };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var command = new Command("explain", "Explain one decision of a trained policy: action probabilities (or mean/std, or a Q-network's action values), value, and integrated-gradients attributions of the chosen action's log-probability (a Q-network: its action value) and of the value, with the completeness gap.")
        {
            runDir, obs, baseline, seed, json,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(obs), parse.GetValue(baseline)!, parse.GetValue(seed), parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string runDir, string? obs, string baseline, long seed, bool json, TextWriter output)
    {
        var run = new RunDirectory(runDir);
        if (run.HasRun && MetaRL.Learning.Meta.MetaAlgorithms.OfRun(run) is MetaRL.Learning.Decision.PretrainedAlgorithm pretrained)
        {
            if (obs is not null) { throw new UserInputException($"--obs applies to single-task runs; {(pretrained.Name == "ad" ? "an" : "a")} {pretrained.Name} run explains its next in-context decision after one trial on a held-out task (--seed picks the task)"); }
            var d = DecisionExplainer.Explain(run, seed);
            if (json) { output.WriteLine(Json(d)); }
            else { WriteText(output, d); }
            return 0;
        }
        if (obs is null) { throw new UserInputException("--obs is required: the observation to explain, comma-separated (e.g. 0.01,0.2,-0.03,-0.3 for CartPole-v1)"); }
        var e = RunExplainer.Explain(run, ParseObservation(obs), baseline);
        if (json) { output.WriteLine(Json(e)); }
        else { WriteText(output, e); }
        return 0;
    }

    internal static float[] ParseObservation(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var result = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
            {
                throw new UserInputException($"--obs takes comma-separated numbers like 0.01,0.2,-0.03,-0.3; value {i + 1} is '{parts[i]}'.");
            }
        }
        return result;
    }

    private static string Json(DecisionExplanation d) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["action"] = d.Action, ["probs"] = d.Probs, ["trial_steps"] = d.Steps,
        ["attention"] = d.Positions.Select(p => new Dictionary<string, object?>
        {
            ["position"] = p.Position, ["kind"] = p.Kind, ["step"] = p.Step, ["action"] = p.Action, ["reward"] = p.Reward, ["mass"] = p.Mass,
        }).ToArray(),
        ["attention_per_layer"] = d.MassPerLayer,
    });

    private static void WriteText(TextWriter o, DecisionExplanation d)
    {
        var f = CultureInfo.InvariantCulture;
        o.WriteLine($"next action {d.Action}  probs [{string.Join(", ", d.Probs.Select(p => p.ToString("F4", f)))}]  after a trial of {d.Steps} steps");
        o.WriteLine();
        TextTable.Write(o, ["position", "token", "action", "reward", "attention mass"],
            [.. d.Positions.Select(p => new[]
            {
                p.Position.ToString(f), p.Step is int k ? $"{(p.Kind == "current" ? "current " : "")}step {k}" : "query", p.Action?.ToString(f) ?? "", p.Reward?.ToString("G4", f) ?? "", p.Mass.ToString("F4", f),
            })], new HashSet<int> { 0, 2, 3, 4 });
        o.WriteLine();
        o.WriteLine("attention mass: the decision position's softmax weights, mean over heads and layers (each layer's sum to 1)");
    }

    private static string Json(PolicyExplanation e)
    {
        var o = new Dictionary<string, object?>();
        o["action"] = e.Probs is not null || e.QValues is not null ? (int)e.Action[0] : e.Action;
        if (e.Probs is not null) { o["probs"] = e.Probs; }
        if (e.Mean is not null) { o["mean"] = e.Mean; o["std"] = e.Std; }
        if (e.QValues is not null) { o["q_values"] = e.QValues; }
        o["value"] = e.Value;
        o["attributions"] = Features(e, e.Policy);
        o["baseline"] = e.Baseline;
        o["completeness_gap"] = e.Policy.RelativeGap;
        o["steps"] = e.Policy.Steps;
        string explained = e.QValues is null ? "log_prob" : "q";
        o[explained] = e.Policy.AtInput;
        o[explained + "_baseline"] = e.Policy.AtBaseline;
        o["value_attributions"] = Features(e, e.ValueAttribution);
        o["value_baseline"] = e.ValueAttribution.AtBaseline;
        o["value_completeness_gap"] = e.ValueAttribution.RelativeGap;
        o["value_steps"] = e.ValueAttribution.Steps;
        return JsonSerializer.Serialize(o);
    }

    private static object[] Features(PolicyExplanation e, Attribution a) =>
        [.. e.Features.Select((name, i) => new Dictionary<string, object> { ["feature"] = name, ["value"] = a.Values[i] })];

    private static void WriteText(TextWriter o, PolicyExplanation e)
    {
        var f = CultureInfo.InvariantCulture;
        string Num(double v) => v.ToString("F4", f);
        string explained = e.QValues is null ? "log-prob" : "Q(obs, action)";
        o.WriteLine(e.QValues is not null ? $"action {(int)e.Action[0]}  Q [{string.Join(", ", e.QValues.Select(Num))}]  value (max Q) {Num(e.Value)}"
            : e.Probs is not null
            ? $"action {(int)e.Action[0]}  probs [{string.Join(", ", e.Probs.Select(Num))}]  value {Num(e.Value)}"
            : $"action [{string.Join(", ", e.Action.Select(v => Num(v)))}]  mean [{string.Join(", ", e.Mean!.Select(Num))}]  std [{string.Join(", ", e.Std!.Select(Num))}]  value {Num(e.Value)}");
        o.WriteLine();
        TextTable.Write(o, ["feature", "observation", "baseline", $"{explained} attribution", "value attribution"],
            [.. e.Features.Select((name, i) => new[] { name, Num(e.Observation[i]), Num(e.Baseline[i]), Num(e.Policy.Values[i]), Num(e.ValueAttribution.Values[i]) })],
            new HashSet<int> { 1, 2, 3, 4 });
        o.WriteLine();
        o.WriteLine($"{explained} {Num(e.Policy.AtInput)} (baseline {Num(e.Policy.AtBaseline)}): completeness gap {(100 * e.Policy.RelativeGap).ToString("F3", f)}% with {e.Policy.Steps} steps");
        o.WriteLine($"value {Num(e.ValueAttribution.AtInput)} (baseline {Num(e.ValueAttribution.AtBaseline)}): completeness gap {(100 * e.ValueAttribution.RelativeGap).ToString("F3", f)}% with {e.ValueAttribution.Steps} steps");
    }
}
