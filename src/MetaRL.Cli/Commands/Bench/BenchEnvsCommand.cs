namespace MetaRL.Cli.Commands.Bench;

/// <summary>
/// <c>metarl bench envs [--json]</c>: the CartPole stepping rates of <see cref="EnvStepBench"/>, one
/// <c>key value</c> line each or one JSON object.
/// </summary>
internal static class BenchEnvsCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Measuring time per figure.", DefaultValueFactory = _ => 1.0 };
        var json = BenchOptions.Json();
        var command = new Command("envs", "Environment stepping speed: single CartPole through the public API, a vectorised batch of 64 on one core and on all cores, and RecSlate-v0 user-steps.") { seconds, json };
        command.SetAction(parse =>
        {
            double s = parse.GetValue(seconds);
            if (!(s > 0 && s <= 600)) { throw new UserInputException("--seconds must be in (0, 600]."); }
            var r = EnvStepBench.Measure(s);
            var o = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) { o.WriteLine(JsonSerializer.Serialize(r)); return 0; }
            foreach (var (k, v) in r) { o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k,-48} {v,16:N0}")); }
            return 0;
        });
        return command;
    }
}
