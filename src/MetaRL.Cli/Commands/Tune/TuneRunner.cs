using System.Diagnostics;
using MetaRL.Tuning;
using System.Data.Common;

namespace MetaRL.Cli.Commands.Tune;

/// <summary>Runs a study in this process or across worker processes, and reports it.</summary>
internal static class TuneRunner
{
    /// <summary>Exit code of a study stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int InterruptedExitCode = 130;

    public static int Run(TuneSettings s, int workers, bool json, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        if (workers < 1) { throw new UserInputException("--workers must be at least 1."); }
        if (workers > 1 && s.Storage is null) { throw new UserInputException("--workers > 1 needs --storage sqlite:PATH or postgres:… (workers share the study through it)."); }
        using var storage = OpenStorage(s.Storage);
        var study = Study.Create(s.StudyName, SamplerFactory.Create(s), storage, s.Objective.Direction, Pruner(s), s.StudyOptions($"main:{Environment.ProcessId}"));
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
                study.Optimize(t => Evaluate(s, t, cancellation), s.Trials, studyWideBudget: s.Storage is not null,
                    onTrialFinished: progress.OnTrialFinished, cancellation: cancellation);
            }
            else
            {
                failedWorkers = WorkerLauncher.RunAll(s, workers, progress.Poll, error, cancellation);
            }
        });
        watch.Stop();
        TuneReport.Write(study, s, workers, watch.Elapsed, json, output);
        if (failedWorkers > 0 && !cancellation.IsCancellationRequested) { error.WriteLine($"warning: {failedWorkers} worker process(es) exited with an error."); }
        if (cancellation.IsCancellationRequested)
        {
            error.WriteLine(s.Storage is null
                ? "interrupted: the summary above covers the trials that finished."
                : "interrupted: the study is saved; rerun the same command to continue it.");
            return InterruptedExitCode;
        }
        return study.BestTrial is null ? 1 : 0;
    }

    public static int RunWorker(TuneSettings s, TextWriter error, CancellationToken cancellation = default)
    {
        if (s.Storage is null) { throw new UserInputException("tune worker needs --storage sqlite:PATH or postgres:…."); }
        using var storage = OpenStorage(s.Storage);
        var study = Study.Create(s.StudyName, SamplerFactory.Create(s), storage, s.Objective.Direction, Pruner(s),
            s.StudyOptions($"worker{s.WorkerIndex}:{Environment.ProcessId}"));
        study.Optimize(t => Evaluate(s, t, cancellation), s.Trials, studyWideBudget: true, cancellation: cancellation);
        if (storage is SqlStorage sql && sql.BusyRetries > 0) { error.WriteLine($"note: {sql.BusyRetries} busy retries"); }
        return cancellation.IsCancellationRequested ? InterruptedExitCode : 0;
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
        catch (Exception ex) when (ex is DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new UserInputException($"Cannot open study storage '{Redact(url)}': {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <summary>The storage URL with any <c>Password=…</c> value masked, for messages.</summary>
    internal static string Redact(string url) =>
        System.Text.RegularExpressions.Regex.Replace(url, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");
}
