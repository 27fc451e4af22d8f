using MetaRL.Cli;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>One in-process run of the <c>metarl</c> tool, and the checks every user error must pass.</summary>
internal sealed record CliCall(string[] Args, int Code, string Out, string Err)
{
    public static CliCall Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return new CliCall(args, code, output.ToString(), error.ToString());
    }

    /// <summary>Lines of a .NET stack trace ("   at Type.Method(…)") anywhere in the output.</summary>
    public bool HasStackTrace => (Out + "\n" + Err).Split('\n').Any(l => l.StartsWith("   at ", StringComparison.Ordinal) || l.Contains("Unhandled exception", StringComparison.Ordinal));

    public override string ToString() =>
        $"metarl {string.Join(' ', Args.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a))} -> exit {Code}\nstdout: {Out}\nstderr: {Err}";

    /// <summary>Exit code 2 with one "error:" line that mentions each of <paramref name="mentions"/>, and no stack trace.</summary>
    public CliCall IsUserError(params string[] mentions)
    {
        Assert.True(Code == 2, ToString());
        Assert.False(HasStackTrace, ToString());
        var errorLines = Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
        Assert.True(errorLines.Length == 1, ToString());
        foreach (var m in mentions) { Assert.True(errorLines[0].Contains(m, StringComparison.Ordinal), $"'{m}' not in: {errorLines[0]}"); }
        return this;
    }
}
