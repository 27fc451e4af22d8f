using MetaRL.Cli.Commands.Tune;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl tune [STUDY.yaml]</c>: run a study (a study file over a <c>metarl train</c> config, or a built-in
/// benchmark objective), optionally with several worker
/// processes sharing a SQLite study file; <c>metarl tune show</c> prints a stored study. Each trial run holds its run's
/// lock; a study file's folder of trial runs is held whole by an in-memory study (<see cref="StudyFolder"/>). Ctrl-C,
/// SIGTERM and SIGHUP stop it between trials with exit code 130, 143 or 129 (<see cref="CtrlC"/>).
/// </summary>
internal static class TuneCommand
{
    public static Command Create()
    {
        var o = new TuneOptionSet();
        var command = new Command("tune", "Hyperparameter search: random, CMA-ES, GP Bayesian optimisation, TPE or OpenAI-ES over a study file (STUDY.yaml) or a built-in objective, in memory, in a SQLite study shared by worker processes or in a PostgreSQL study shared across machines.");
        o.AddTo(command, includeWorkerIndex: false);
        var workers = new Option<int>("--workers")
        {
            Description = $"Worker processes sharing the stored study (needs --storage sqlite:PATH or postgres:…); at most 4 per processor and 64 in all ({TuneRunner.MaxWorkers} on this machine). Ctrl-C or SIGTERM stops them all within seconds.",
            DefaultValueFactory = _ => 1,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (best_value, best_params, n_trials, …) instead of the table." };
        var overwrite = new Option<bool>("--overwrite") { Description = "A study file's study in memory (no --storage): replace the trial runs an earlier study left in its folder (refused without this)." };
        command.Options.Add(workers);
        command.Options.Add(json);
        command.Options.Add(overwrite);
        command.SetAction(parse =>
        {
            var settings = o.Read(parse);
            var error = parse.InvocationConfiguration.Error;
            return TuneRunner.ReportingStorageErrors(() =>
            {
                using var folder = StudyFolder.Open(settings, parse.GetValue(overwrite), error);
                return CtrlC.Run(token => TuneRunner.Run(settings, parse.GetValue(workers), parse.GetValue(json),
                    parse.InvocationConfiguration.Output, error, token), error);
            });
        });

        var worker = new Command("worker", "Internal: one worker process of a multi-process study.") { Hidden = true };
        var w = new TuneOptionSet();
        w.AddTo(worker, includeWorkerIndex: true);
        worker.SetAction(parse => TuneRunner.ReportingStorageErrors(() => CtrlC.Run(token => TuneRunner.RunWorker(w.Read(parse), parse.InvocationConfiguration.Error, token),
            parse.InvocationConfiguration.Error)));
        command.Subcommands.Add(worker);
        command.Subcommands.Add(TuneShowCommand.Create());
        command.Subcommands.Add(TuneBenchCommand.Create());
        return command;
    }
}
