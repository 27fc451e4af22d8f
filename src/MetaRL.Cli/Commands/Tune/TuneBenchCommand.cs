using MetaRL.Serialization;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// <c>metarl tune bench --out DIR</c>: the acceptance figures of the samplers (CMA-ES on 8-D Rosenbrock,
/// GP-BO on Branin, every sampler on Hartmann-6), storage throughput and a two-process shared study,
/// written to DIR/tuning.json and DIR/tuning.md.
/// </summary>
internal static class TuneBenchCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Directory for tuning.json and tuning.md.", DefaultValueFactory = _ => "bench/results" };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per figure.", DefaultValueFactory = _ => 10 };
        var command = new Command("bench", "Measure sampler quality and speed and write tuning.json / tuning.md.") { outDir, seeds };
        command.SetAction(parse => Run(parse.GetValue(outDir)!, parse.GetValue(seeds), parse.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(string dir, int seeds, TextWriter output)
    {
        if (seeds < 1) { throw new UserInputException("--seeds must be at least 1."); }
        Directory.CreateDirectory(dir);
        var results = TuneBench.RunAll(seeds, output.WriteLine);
        AtomicFile.WriteText(Path.Combine(dir, "tuning.json"), TuneBenchReport.Json(results));
        AtomicFile.WriteText(Path.Combine(dir, "tuning.md"), TuneBenchReport.Markdown(results));
        output.WriteLine($"Wrote {Path.Combine(dir, "tuning.json")} and tuning.md.");
        return 0;
    }
}
