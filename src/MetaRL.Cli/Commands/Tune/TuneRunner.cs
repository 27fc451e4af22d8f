using System.Data.Common;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>Runs a study in this process or across worker processes, and reports it.</summary>
internal static class TuneRunner
{
    /// <summary>Exit code of a study stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The most worker processes one run may start: four per processor, and never more than 64.</summary>
    public static int MaxWorkers { get; } = Math.Min(64, 4 * Environment.ProcessorCount);

    public static int Run(TuneSettings s, int workers, bool json, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        if (workers < 1) { throw new UserInputException("--workers must be at least 1."); }
        if (workers > MaxWorkers)
        {
            throw new UserInputException($"--workers {workers} is more than this machine's limit of {MaxWorkers} worker processes (4 per processor, at most 64).");
        }
        if (workers > 1 && s.Storage is null) { throw new UserInputException("--workers > 1 needs --storage sqlite:PATH or postgres:… (workers share the study through it)."); }
        using var stop = new StopRequest(cancellation);
        using var storage = OpenStorage(s.Storage);
        var options = s.StudyOptions($"main:{Environment.ProcessId}");
        // A lone run joins the study as a worker (its sampler numbered by the study); a supervisor only reads it.
        var study = workers == 1
            ? Study.Join(s.StudyName, w => SamplerFactory.Create(s, w), storage, s.Objective.Direction, Pruner(s), options)
            : Study.Create(s.StudyName, SamplerFactory.Create(s, 0), storage, s.Objective.Direction, Pruner(s), options);
        if (s.Objective is TrainObjective train && train.EnqueueInitialTrials(study) is int n and > 0 && !json)
        {
            output.WriteLine($"Enqueued {n} trial(s) from the study file; trial runs go to {train.RunsRoot}");
        }
        var watch = Stopwatch.StartNew();
        var progress = new TrialProgress(study, s, output, json);
        int failedWorkers = 0;
        progress.Run(() =>
        {
            if (workers == 1)
            {
                study.Optimize(t => Evaluate(s, t, stop.Token), s.Trials, studyWideBudget: s.Storage is not null,
                    onTrialFinished: progress.OnTrialFinished, cancellation: stop.Token);
            }
            else
            {
                failedWorkers = WorkerLauncher.RunAll(s, workers, progress.Poll, error, stop.Token, study);
            }
        });
        watch.Stop();
        TuneReport.Write(study, s, workers, watch.Elapsed, json, output);
        if (failedWorkers > 0 && !stop.Token.IsCancellationRequested) { error.WriteLine($"warning: {failedWorkers} worker process(es) exited with an error."); }
        if (stop.Token.IsCancellationRequested)
        {
            error.WriteLine(s.Storage is null
                ? "interrupted: the summary above covers the trials that finished."
                : "interrupted: the study is saved; rerun the same command to continue it.");
            return stop.ExitCode;
        }
        return study.BestTrial is null ? 1 : 0;
    }

    /// <summary>One worker process: joins the study, runs trials until its budget is spent or it is told to stop.</summary>
    public static int RunWorker(TuneSettings s, TextWriter error, CancellationToken cancellation = default)
    {
        if (s.Storage is null) { throw new UserInputException("tune worker needs --storage sqlite:PATH or postgres:…."); }
        using var stop = new StopRequest(cancellation);
        if (s.Supervised) { stop.StopWhenInputCloses(); }
        using var storage = OpenStorage(s.Storage);
        var study = Study.Join(s.StudyName, w => SamplerFactory.Create(s, w), storage, s.Objective.Direction, Pruner(s),
            s.StudyOptions(TuneSettings.WorkerName(s.WorkerIndex, Environment.ProcessId)));
        study.Optimize(t => Evaluate(s, t, stop.Token), s.Trials, studyWideBudget: true, cancellation: stop.Token);
        if (storage is SqlStorage sql && sql.BusyRetries > 0) { error.WriteLine($"note: {sql.BusyRetries} busy retries"); }
        return stop.Token.IsCancellationRequested ? stop.ExitCode : 0;
    }

    /// <summary>
    /// Runs a tune command, reporting an unusable study store found at any point (a damaged or foreign file, see
    /// <see cref="StudyStorageException"/>) as the user's problem: one line naming the file, exit code 2.
    /// </summary>
    public static int ReportingStorageErrors(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (StudyStorageException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
    }

    private static Pruner? Pruner(TuneSettings s) => (s.Objective as TrainObjective)?.CreatePruner();

    internal static double Evaluate(TuneSettings s, Trial trial, CancellationToken cancellation = default)
    {
        if (s.DelayMs > 0) { Thread.Sleep(s.DelayMs); }
        return s.Objective.Evaluate(trial, cancellation);
    }

    internal static TrialStorage OpenStorage(string? url)
    {
        if (url is null) { return new InMemoryStorage(); }
        try
        {
            return TrialStorage.Open(url);
        }
        catch (StudyStorageException ex)
        {
            throw new UserInputException(ex.Message, ex);
        }
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UserInputException($"Cannot open study storage '{Redact(url)}': {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <summary>The storage URL with any <c>Password=…</c> value masked, for messages.</summary>
    internal static string Redact(string url) =>
        System.Text.RegularExpressions.Regex.Replace(url, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");
}
