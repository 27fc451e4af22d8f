namespace MetaRL.Cli.Commands.Apps;

/// <summary><c>metarl app APPLICATION [--quick] [--out DIR]</c>: an application journey end to end (data or tasks,
/// pretraining, adaptation on held-out tasks, baselines, a report). One subcommand per application.</summary>
internal static class AppCommand
{
    public static Command Create() => CommandGroup.Create("app",
        "Run an application end to end (data, meta-training, adaptation on held-out tasks, baselines) and write a report (HTML and Markdown).",
        MarketsApp.Create(), DiagnosisApp.Create(), NavigationApp.Create());

    /// <summary>The <c>--quick</c> option every application takes.</summary>
    internal static Option<bool> QuickOption() => new("--quick") { Description = "The same steps at a small budget (under 2 minutes on a 2-core machine)." };

    /// <summary>The <c>--out</c> option: the run directory the report goes to.</summary>
    internal static Option<string?> OutOption(string application) =>
        new("--out") { Description = $"Run directory for the report and results (default runs/app-{application}, runs/app-{application}-quick with --quick)." };
}
