using Spectre.Console;

namespace MetaRL.Cli.Commands;

/// <summary>
/// Shows training progress: a Spectre.Console bar (steps, steps/s, recent mean return, ETA) when the output
/// is an interactive terminal, otherwise plain lines at every tenth of the budget (CI logs stay readable).
/// </summary>
internal static class TrainProgress
{
    public static T Run<T>(TextWriter output, long totalSteps, Func<ITrainingProgress, T> work)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal) { return work(new PlainLines(output, totalSteps)); }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("starting", maxValue: totalSteps);
                result = work(new Bar(task));
            });
        return result;
    }

    internal static string Describe(in TrainingProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"step {p.Step,9:N0}/{p.TotalSteps:N0}  {p.StepsPerSecond,8:N0} steps/s  return {(double.IsNaN(p.RecentReturn) ? "   -" : p.RecentReturn.ToString("F1", CultureInfo.InvariantCulture)),7}  ETA {(double.IsFinite(p.EtaSeconds) ? p.EtaSeconds.ToString("F0", CultureInfo.InvariantCulture) + " s" : "-")}");

    private sealed class Bar(ProgressTask task) : ITrainingProgress
    {
        public void Report(in TrainingProgress progress)
        {
            task.Description = Markup.Escape(Describe(progress));
            task.Value = progress.Step;
        }
    }

    private sealed class PlainLines(TextWriter output, long total) : ITrainingProgress
    {
        private long _next = Math.Max(1, total / 10);

        public void Report(in TrainingProgress progress)
        {
            if (progress.Step < _next && progress.Step < progress.TotalSteps) { return; }
            output.WriteLine("  " + Describe(progress));
            while (_next <= progress.Step) { _next += Math.Max(1, total / 10); }
        }
    }
}
