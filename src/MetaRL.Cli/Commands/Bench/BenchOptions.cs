namespace MetaRL.Cli.Commands.Bench;

/// <summary>The options the <c>bench</c> commands share, worded once.</summary>
internal static class BenchOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of a table." };

    public static Option<bool> Quick() => new("--quick") { Description = "Fewer samples (a smoke run, noisier figures)." };
}
