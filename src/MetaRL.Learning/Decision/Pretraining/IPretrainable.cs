using MetaRL.Learning.Meta;

namespace MetaRL.Learning.Decision;

/// <summary>Where a pretraining session stands after an iteration (told to <see cref="PretrainSession.Progress"/>).</summary>
/// <param name="Step">Iterations done.</param>
/// <param name="Total">Iterations of the run.</param>
/// <param name="TrainLoss">The last minibatch's loss.</param>
/// <param name="ValLoss">The newest validation loss (NaN before the first).</param>
/// <param name="TokensPerSecond">Tokens through the model (forward and backward) per second in this session.</param>
/// <param name="WallSeconds">Seconds of the run so far, earlier sessions included.</param>
/// <param name="EtaSeconds">Seconds left at this session's pace.</param>
public readonly record struct PretrainProgress(long Step, long Total, double TrainLoss, double ValLoss, double TokensPerSecond, double WallSeconds, double EtaSeconds);

/// <summary>How a pretraining session runs: resumed or fresh, where it reports, what stops it.</summary>
/// <param name="Resume">Continue the run in the folder from its newest checkpoint that verifies.</param>
/// <param name="Overwrite">Replace the run the folder holds.</param>
/// <param name="Progress">Told after every iteration.</param>
/// <param name="Log">Told, one line each, what the session decided (data generated, resuming, a stale lock taken over).</param>
/// <param name="Cancel">Stops the session after the current iteration, with a checkpoint.</param>
public sealed record PretrainSession(bool Resume = false, bool Overwrite = false, Action<PretrainProgress>? Progress = null, Action<string>? Log = null, CancellationToken Cancel = default);

/// <summary>What a pretraining session produced: the summary it wrote and the newest validation loss.</summary>
public sealed record PretrainResult(RunSummary Summary, long Steps, double ValLoss);

/// <summary>
/// The capability of a <see cref="MetaAlgorithm"/> row that learns by supervised pretraining on a dataset of tasks
/// (<c>metarl pretrain</c>) instead of by meta-iterations (<c>metarl meta-train</c>).
/// </summary>
public interface IPretrainable
{
    /// <summary>Pretrains <paramref name="setup"/> into <paramref name="run"/>, holding its writer lock.</summary>
    PretrainResult Pretrain(MetaSetup setup, RunDirectory run, PretrainSession session);
}
