using System.CommandLine;
using MetaRL.Cli.Commands;
using MetaRL.Envs;
using MetaRL.Learning;
using MetaRL.Tracking;

namespace MetaRL.Cli;

/// <summary>
/// The <c>metarl</c> command tree. Exit codes: 0 success, 1 a check or run that failed, 2 a usage or
/// input error (bad option, malformed file) reported in one line without a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Every top-level subcommand; each lives in its own file under Commands/.</summary>
    internal static IEnumerable<Command> Commands()
    {
        yield return DemoCommand.Create();
        yield return CheckpointCommand.Create();
        yield return BenchCommand.Create();
        yield return EnvsCommand.Create();
        yield return BaselinesCommand.Create();
        yield return RunsCommand.Create();
        yield return ReportCommand.Create();
        yield return TuneCommand.Create();
        yield return TrainCommand.Create();
        yield return EvaluateCommand.Create();
        yield return MetaTrainCommand.Create();
        yield return AdaptCommand.Create();
        yield return MetaEvalCommand.Create();
        yield return PretrainCommand.Create();
    }

    /// <summary>Builds the root command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("MetaRL: meta-reinforcement learning for .NET (MAML, Reptile, RL², in-context learners, the RL algorithms beneath them, task families, tuning and reports).");
        foreach (var command in Commands()) { root.Subcommands.Add(command); }
        return root;
    }

    /// <summary>Parses and runs; output goes to the given writers so tests can run the tool in-process.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = BuildRoot().Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) { error.WriteLine($"error: {e.Message}"); }
            error.WriteLine("Run 'metarl --help' (or the subcommand with --help) for usage.");
            return 2;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception ex) when (IsUserInput(ex))
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
    }

    /// <summary>
    /// The one place where a user's mistake becomes a one-line message and exit code 2, never a stack trace: a malformed config or
    /// study file (<see cref="ConfigException"/>), a bad environment id or setting
    /// (<see cref="EnvConfigurationException"/>), an unreadable run directory (<see cref="RunFormatException"/>), a run folder
    /// that another process is writing or that already holds a run (<see cref="RunConflictException"/>),
    /// or a problem the CLI found itself (<see cref="UserInputException"/>). Their messages are one line already.
    /// </summary>
    internal static bool IsUserInput(Exception ex) =>
        ex is UserInputException or ConfigException or EnvConfigurationException or RunFormatException or RunConflictException;
}

/// <summary>A mistake in what the user supplied (option value, file, config): reported in one line, exit code 2.</summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException() { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }
}
