namespace MetaRL.Cli.Commands;

/// <summary><c>metarl bench …</c>: speed benchmarks (filled in by the benchmark work).</summary>
internal static class BenchCommand
{
    public static Command Create() =>
        CommandGroup.Create(
            "bench",
            "Measure speed (kernels, network updates, environments) and print figures, optionally as JSON.",
            Bench.BenchNnCommand.Create(),
            Bench.BenchEnvsCommand.Create(),
            Bench.BenchTransformerCommand.Create());
}
