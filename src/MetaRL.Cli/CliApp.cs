using MetaRL.Cli.Commands;
using MetaRL.Cli.Commands.Apps;

namespace MetaRL.Cli;

/// <summary>
/// The <c>metarl</c> command tree. Exit codes: 0 success, 1 a check or run that failed, 2 a usage or
/// input error (bad option, malformed file) reported in one line without a stack trace.
/// </summary>
internal static class CliApp
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
        yield return ExplainCommand.Create();
        yield return CompressCommand.Create();
        yield return MetaTrainCommand.Create();
        yield return ClusterCommand.Create();
        yield return AdaptCommand.Create();
        yield return MetaEvalCommand.Create();
        yield return PretrainDataCommand.Create();
        yield return PretrainCommand.Create();
        yield return FinetuneCommand.Create();
        yield return ExportCommand.Create();
        yield return OpeCommand.Create();
        yield return AbCommand.Create();
        yield return ServeCommand.Create();
        yield return SolveCommand.Create();
        yield return SelfPlayCommand.Create();
        yield return SelfPlayEvalCommand.Create();
        yield return PlayCommand.Create();
        yield return AppCommand.Create();
    }

    /// <summary>Builds the root command.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("MetaRL: meta-reinforcement learning for .NET (MAML, Reptile, RL², in-context learners, the RL algorithms beneath them, task families, tuning and reports). "
            + $"Exit codes: 0 done, 1 a run or check that failed (diverged), 2 a mistake in the input, told in one line. Sizes whose memory estimate is above {MemoryLimit.DefaultGigabytes:0} GB (or the machine's memory) are refused before anything is built; {MemoryLimit.Variable} sets another limit.");
        foreach (var command in Commands()) { root.Subcommands.Add(command); }
        return root;
    }

    /// <summary>Parses and runs; output goes to the given writers so tests can run the tool in-process.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parse = BuildRoot().Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) { error.WriteLine($"error: {OneLine(e.Message)}"); }
            error.WriteLine("Run 'metarl --help' (or the subcommand with --help) for usage.");
            return 2;
        }
        try
        {
            return parse.Invoke(config);
        }
        catch (Exception ex) when (Translate(ex) is { } failure)
        {
            error.WriteLine($"error: {failure.Message}");
            return failure.ExitCode;
        }
    }

    /// <summary>
    /// The one place where an exception that is not a bug becomes a one-line message and an exit code, never a stack trace.
    /// Exit code 2 for the user's input (<see cref="IsUserInput"/>). Exit code 1 for a computation that diverged
    /// (<see cref="NonFiniteTrainingException"/> from test-time adaptation in <c>meta-eval</c>, <c>adapt</c> or
    /// <c>evaluate</c>): the input was well formed and the run failed, as a diverged <c>train</c> or <c>meta-train</c>
    /// run exits 1; and for a cluster run (<c>--cluster</c>) that reached no silo or whose task failed on one. Parallel work's <see cref="AggregateException"/> is judged by what it wraps. Anything else is a bug
    /// and keeps its stack trace.
    /// </summary>
    internal static (int ExitCode, string Message)? Translate(Exception ex)
    {
        ex = Unwrap(ex);
        if (IsUserInput(ex)) { return (2, OneLine(Describe(ex))); }
        if (ex is MetaRL.Distributed.ClusterUnavailableException or MetaRL.Distributed.TaskFailedOnSiloException) { return (1, OneLine(ex.Message)); }
        if (ex is NonFiniteTrainingException)
        {
            return (1, OneLine($"the computation diverged: {ex.Message}; a smaller inner_learning_rate (or fewer adaptation steps) may keep it finite"));
        }
        return null;
    }

    /// <summary>
    /// A user's mistake, reported in one line with exit code 2: a malformed config or study file
    /// (<see cref="ConfigException"/>), sizes whose memory estimate is above the <see cref="MemoryLimit"/>, learner and
    /// environment settings alike (<see cref="MemoryLimitException"/>), a bad environment id or setting (<see cref="EnvConfigurationException"/>), an unreadable
    /// run directory (<see cref="RunFormatException"/>), a run folder that another process is writing or that already holds
    /// a run (<see cref="RunConflictException"/>), a problem the CLI found itself (<see cref="UserInputException"/>), a malformed bandit log (<see cref="MetaRL.Learning.OffPolicy.BanditLogFormatException"/>, naming its line), a malformed data file (<see cref="DataFormatException"/>, naming its line), a feedback log serve cannot open (<see cref="MetaRL.Serving.FeedbackLogException"/>), a path
    /// that cannot serve (<see cref="UnusablePathException"/>, found where the path is first taken) and every other
    /// file-system failure (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>: the path and the OS's
    /// reason), and memory the settings ask for that the machine does not have (<see cref="OutOfMemoryException"/>, the
    /// backstop behind the memory guard's lower-bound estimate).
    /// </summary>
    internal static bool IsUserInput(Exception ex) =>
        ex is UserInputException or ConfigException or MetaRL.Serving.FeedbackLogException or MetaRL.Learning.OffPolicy.BanditLogFormatException or DataFormatException or MemoryLimitException or EnvConfigurationException or RunFormatException or RunConflictException
            or IOException or UnauthorizedAccessException or OutOfMemoryException;

    private static string Describe(Exception ex) => ex switch
    {
        UnusablePathException => ex.Message,
        UnauthorizedAccessException => $"{ex.Message.TrimEnd('.')}: {PathGuard.Reason(ex)}",
        IOException when ex.InnerException is IOException inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) => $"{ex.Message.TrimEnd('.')}: {inner.Message}",
        OutOfMemoryException => $"out of memory ({ex.Message.TrimEnd('.')}): the settings ask for more memory than this process can have; lower the sizes (the memory guard's estimate, checked against {MemoryLimit.Variable}, is a lower bound)",
        _ => ex.Message,
    };

    private static Exception Unwrap(Exception ex)
    {
        while (true)
        {
            switch (ex)
            {
                case AggregateException { InnerExceptions.Count: > 0 } agg:
                    ex = agg.InnerExceptions[0];
                    break;
                case System.Reflection.TargetInvocationException { InnerException: { } inner }:
                    ex = inner;
                    break;
                default:
                    return ex;
            }
        }
    }

    /// <summary>Control characters (a newline in a value the user typed or a file held) escaped: a message stays one line.</summary>
    internal static string OneLine(string text) => PathGuard.Show(text);
}

/// <summary>A mistake in what the user supplied (option value, file, config): reported in one line, exit code 2.</summary>
internal sealed class UserInputException : Exception
{
    public UserInputException(string message) : base(message) { }

    public UserInputException() { }

    public UserInputException(string message, Exception inner) : base(message, inner) { }
}
