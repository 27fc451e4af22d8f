using MetaRL.Learning.Explain;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl explain --run RUN --obs v1,v2,… [--baseline zeros|mean] [--json]</c>: one decision of a trained
/// policy with integrated-gradients attributions (<see cref="RunExplainer"/>).</summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var runDir = new Option<string>("--run") { Description = "Run directory written by metarl train (ppo, a2c or reinforce).", Required = true };
        var obs = new Option<string>("--obs") { Description = "The observation, comma-separated (e.g. 0.01,0.2,-0.03,-0.3 for CartPole-v1).", Required = true };
        var baseline = new Option<string>("--baseline") { Description = "Reference observation: zeros, or mean (the training observations' mean where the run normalises observations, else the mean over 10 greedy episodes of the trained policy).", DefaultValueFactory = _ => RunExplainer.DefaultBaseline };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var command = new Command("explain", "Explain one decision of a trained policy: action probabilities (or mean/std), value, and integrated-gradients attributions of the chosen action's log-probability and of the value, with the completeness gap.")
        {
            runDir, obs, baseline, json,
        };
        command.SetAction(parse => Run(parse.GetValue(runDir)!, parse.GetValue(obs)!, parse.GetValue(baseline)!, parse.GetValue(json), parse.InvocationConfiguration.Output));
        return command;
    }

    internal static int Run(string runDir, string obs, string baseline, bool json, TextWriter output)
    {
        var e = RunExplainer.Explain(new RunDirectory(runDir), ParseObservation(obs), baseline);
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

    private static string Json(PolicyExplanation e)
    {
        var o = new Dictionary<string, object?>();
        o["action"] = e.Probs is not null ? (int)e.Action[0] : e.Action;
        if (e.Probs is not null) { o["probs"] = e.Probs; }
        if (e.Mean is not null) { o["mean"] = e.Mean; o["std"] = e.Std; }
        o["value"] = e.Value;
        o["attributions"] = Features(e, e.Policy);
        o["baseline"] = e.Baseline;
        o["completeness_gap"] = e.Policy.RelativeGap;
        o["steps"] = e.Policy.Steps;
        o["log_prob"] = e.Policy.AtInput;
        o["log_prob_baseline"] = e.Policy.AtBaseline;
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
        o.WriteLine(e.Probs is not null
            ? $"action {(int)e.Action[0]}  probs [{string.Join(", ", e.Probs.Select(Num))}]  value {Num(e.Value)}"
            : $"action [{string.Join(", ", e.Action.Select(v => Num(v)))}]  mean [{string.Join(", ", e.Mean!.Select(Num))}]  std [{string.Join(", ", e.Std!.Select(Num))}]  value {Num(e.Value)}");
        o.WriteLine();
        TextTable.Write(o, ["feature", "observation", "baseline", "log-prob attribution", "value attribution"],
            [.. e.Features.Select((name, i) => new[] { name, Num(e.Observation[i]), Num(e.Baseline[i]), Num(e.Policy.Values[i]), Num(e.ValueAttribution.Values[i]) })],
            new HashSet<int> { 1, 2, 3, 4 });
        o.WriteLine();
        o.WriteLine($"log-prob {Num(e.Policy.AtInput)} (baseline {Num(e.Policy.AtBaseline)}): completeness gap {(100 * e.Policy.RelativeGap).ToString("F3", f)}% with {e.Policy.Steps} steps");
        o.WriteLine($"value {Num(e.ValueAttribution.AtInput)} (baseline {Num(e.ValueAttribution.AtBaseline)}): completeness gap {(100 * e.ValueAttribution.RelativeGap).ToString("F3", f)}% with {e.ValueAttribution.Steps} steps");
    }
}
