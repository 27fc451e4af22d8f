using MetaRL.Learning;

namespace MetaRL.Tuning;

/// <summary>
/// Receives a training run's progress and reports its learning curve (the mean of the last 20 episodic
/// returns) to the trial at every multiple of <c>reportEvery</c> steps, keyed by that multiple so trials
/// with different batch sizes line up (and once more at the final step); when the study's pruner says stop, cancels the run (which then
/// ends at the iteration boundary with a checkpoint and an "interrupted" summary).
/// </summary>
internal sealed class TrialCurveReporter : ITrainingProgress
{
    private readonly Trial _trial;
    private readonly long _every;
    private readonly CancellationTokenSource _stop;
    private long _next;

    public TrialCurveReporter(Trial trial, long reportEvery, CancellationTokenSource stop)
    {
        (_trial, _every, _stop, _next) = (trial, reportEvery, stop, reportEvery);
    }

    public bool Pruned { get; private set; }

    public long LastReportedStep { get; private set; }

    public void Report(in TrainingProgress progress)
    {
        // The last iteration is always reported (at its own step) so the stored curve ends where the run did.
        bool last = progress.Step >= progress.TotalSteps;
        if (Pruned || double.IsNaN(progress.RecentReturn) || (progress.Step < _next && !last)) { return; }
        long key = last ? progress.Step : progress.Step / _every * _every;
        _next = key / _every * _every + _every;
        _trial.Report((int)Math.Min(int.MaxValue, key), progress.RecentReturn);
        LastReportedStep = key;
        if (!last && _trial.ShouldPrune())
        {
            Pruned = true;
            _stop.Cancel();
        }
    }
}
