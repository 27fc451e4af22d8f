namespace MetaRL.Learning.Applications;

/// <summary>The training phase the application journeys share: the non-adaptive PPO policy, trained into its own run
/// folder on the journey's tasks, with its learning curve.</summary>
internal static class JourneyTraining
{
    /// <summary>Trains PPO with <paramref name="pairs"/> into <paramref name="directory"/>; the curve is (step, recent
    /// return). A diverged run is an error: the journey's comparison would be meaningless.</summary>
    public static List<(double Step, double Return)> Ppo(IEnumerable<(string Key, string Value)> pairs, string directory, Action<string>? log, CancellationToken cancel)
    {
        var curve = new List<(double, double)>();
        var trained = TrainingRun.Execute(TrainConfig.Resolve(pairs), new RunDirectory(directory), false, new Progress(curve), cancel, overwrite: true, log: log);
        cancel.ThrowIfCancellationRequested();
        if (trained.Summary.Status == RunSummary.Diverged) { throw new InvalidOperationException($"PPO diverged: {trained.Summary.Error}"); }
        return curve;
    }

    private sealed class Progress(List<(double, double)> curve) : ITrainingProgress
    {
        public void Report(in TrainingProgress progress)
        {
            if (double.IsFinite(progress.RecentReturn)) { curve.Add((progress.Step, progress.RecentReturn)); }
        }
    }
}
