using System.CommandLine;

namespace MetaRL.Cli.Commands;

/// <summary><c>metarl bench …</c>: speed benchmarks (filled in by the benchmark work).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed (kernels, network updates, environments) and print figures, optionally as JSON.");
        command.Subcommands.Add(Bench.BenchNnCommand.Create());
        command.Subcommands.Add(BenchEnvsCommand.Create());
        return command;
    }
}
