using System.Text;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl envs list | check ID | replay ID --state … --actions …</c>.</summary>
internal static class EnvsCommand
{
    public static Command Create() =>
        CommandGroup.Create("envs", "List, check and replay environments.", List(), Check(), Replay());

    private static Command List()
    {
        var command = new Command("list", "Registered ids with their spaces and settings (family parameters).");
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            foreach (var spec in EnvRegistry.Specifications)
            {
                var env = EnvRegistry.Make(spec.Id);
                o.WriteLine($"{spec.Id}{(spec.IsMeta ? "  [task distribution]" : "")}");
                o.WriteLine($"  {spec.Description}");
                o.WriteLine($"  observation {env.ObservationSpace}, action {env.ActionSpace}");
                if (spec.Settings.Count > 0)
                {
                    o.WriteLine("  settings: " + string.Join("; ", spec.Settings.Select(s => $"{s.Key}={s.Default} ({s.Description})")));
                }
            }
            return 0;
        });
        return command;
    }

    private static Command Check()
    {
        var id = new Argument<string>("id") { Description = "Environment id." };
        var set = BaselinesCommand.SetOption();
        var seed = new Option<int>("--seed") { Description = "Seed for the checks.", DefaultValueFactory = _ => 0 };
        var command = new Command("check", "Run the environment checker: spaces, reset/step shapes, observations inside the space, finite rewards, seeding determinism. Exit 1 when a check fails.")
        {
            id, set, seed,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var env = EnvRegistry.Make(parse.GetValue(id)!, BaselinesCommand.ParseSettings(parse.GetValue(set)));
            var results = EnvChecker.Check(env, parse.GetValue(seed));
            foreach (var r in results) { o.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Name,-8} {r.Detail}"); }
            int failed = results.Count(r => !r.Passed);
            o.WriteLine(failed == 0 ? $"{env.Id}: all {results.Count} checks passed." : $"{env.Id}: {failed} of {results.Count} checks failed.");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command Replay()
    {
        var id = new Argument<string>("id") { Description = "Environment id with an exposed state (CartPole-v1: x,x_dot,theta,theta_dot; Pendulum-v1: theta,theta_dot)." };
        var state = new Option<string>("--state") { Description = "Comma-separated start state.", Required = true };
        var actions = new Option<string>("--actions") { Description = "Comma-separated actions (use ':' between the components of a vector action).", Required = true };
        var command = new Command("replay", "Step from a given internal state with given actions; one JSON line per step (obs, reward, terminated, truncated).")
        {
            id, state, actions,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var env = EnvRegistry.Make(parse.GetValue(id)!);
            var stateful = env.Find<IStatefulEnv>()
                ?? throw new UserInputException($"{env.Id} does not expose its state; replay works for {string.Join(", ", EnvRegistry.Ids.Where(i => EnvRegistry.Make(i).Find<IStatefulEnv>() is not null))}.");
            var s = ParseNumbers(parse.GetValue(state)!, "--state", ',');
            if (s.Length != stateful.StateNames.Count)
            {
                throw new UserInputException($"{env.Id} state has {stateful.StateNames.Count} values ({string.Join(", ", stateful.StateNames)}), got {s.Length}.");
            }
            var acts = parse.GetValue(actions)!.Split(',', StringSplitOptions.TrimEntries)
                .Select((a, k) => ParseAction(env, a, k)).ToArray();
            var steps = EnvReplay.Run(env, stateful, s, acts);
            for (int t = 0; t < steps.Count; t++) { o.WriteLine(Line(t + 1, steps[t].Observation, steps[t].Result)); }
            if (steps.Count < acts.Length)
            {
                parse.InvocationConfiguration.Error.WriteLine($"note: the episode ended at step {steps.Count}; the remaining {acts.Length - steps.Count} actions were not applied.");
            }
            return 0;
        });
        return command;
    }

    private static float[] ParseAction(Env env, string text, int index)
    {
        var values = ParseNumbers(text, $"action {index + 1}", ':').Select(v => (float)v).ToArray();
        if (!env.ActionSpace.Contains(values))
        {
            throw new UserInputException($"action {index + 1} '{text}' is not in {env.Id}'s action space {env.ActionSpace}.");
        }
        return values;
    }

    private static double[] ParseNumbers(string text, string what, char separator)
    {
        var parts = text.Split(separator, StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                throw new UserInputException($"{what}: '{parts[i]}' is not a finite number.");
            }
        }
        return values;
    }

    private static string Line(int step, float[] obs, StepResult r)
    {
        var sb = new StringBuilder();
        sb.Append("{\"step\":").Append(step).Append(",\"obs\":[");
        for (int i = 0; i < obs.Length; i++)
        {
            if (i > 0) { sb.Append(','); }
            sb.Append(obs[i].ToString("R", CultureInfo.InvariantCulture));
        }
        sb.Append("],\"reward\":").Append(r.Reward.ToString("R", CultureInfo.InvariantCulture))
          .Append(",\"terminated\":").Append(r.Terminated ? "true" : "false")
          .Append(",\"truncated\":").Append(r.Truncated ? "true" : "false").Append('}');
        return sb.ToString();
    }
}
