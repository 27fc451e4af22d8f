using MetaRL.Cli;

namespace MetaRL.Tests.TestSupport;

/// <summary>Runs the CLI in-process and captures what it printed.</summary>
internal static class CliRun
{
    /// <summary>The exit code, standard output and standard error of <c>metarl <paramref name="args"/></c>.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }
}
