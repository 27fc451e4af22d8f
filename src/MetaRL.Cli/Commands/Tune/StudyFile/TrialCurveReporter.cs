namespace MetaRL.Cli.Commands.Tune;

/// <summary>
/// The pruning hook of a study-file trial: after each training iteration it reports the study's own metric
/// (<see cref="SummaryMetric.During"/>) to the trial at every multiple of <c>reportEvery</c> steps, keyed by
/// that multiple so trials with different batch sizes line up (and once more at the final step); when the
/// study's pruner says stop, it ends the run, which then writes no checkpoint.
/// </summary>
internal sealed class TrialCurveReporter : IEarlyStopping
{
    private readonly Trial _trial;
    private readonly long _every;
    private readonly string _metric;
    private long _next;

    public TrialCurveReporter(Trial trial, long reportEvery, string metric)
    {
        (_trial, _every, _metric, _next) = (trial, reportEvery, metric, reportEvery);
    }

    public bool Pruned { get; private set; }

    public long LastReportedStep { get; private set; }

    public bool ShouldStop(Algorithm algorithm, TrainContext context)
    {
        long step = algorithm.GlobalStep;
        // The last iteration is always reported (at its own step) so the stored curve ends where the run did.
        bool last = step >= algorithm.TotalSteps;
        if (step < _next && !last) { return false; }
        if (SummaryMetric.During(_metric, algorithm, context) is not double value || double.IsNaN(value)) { return false; }
        long key = last ? step : step / _every * _every;
        _next = key / _every * _every + _every;
        _trial.Report((int)Math.Min(int.MaxValue, key), value);
        LastReportedStep = key;
        Pruned = !last && _trial.ShouldPrune();
        return Pruned;
    }
}
