namespace MetaRL.Distributed;

/// <summary>
/// Runs one task of a meta-batch: the inner loop (MAML/Reptile adaptation) and its contribution to the outer step,
/// by the learner's own <see cref="IMetaTaskLearner.RunTask"/> on a copy of the learner built from the run's settings.
/// Keyed by <c>{config digest}/{task index}/{attempt}</c>: the same slot reuses its learner across iterations, and a
/// retried call (a lost silo) goes to a new grain, placed anew on a live silo.
/// </summary>
[Alias("metarl.meta-task")]
public interface IMetaTaskGrain : IGrainWithStringKey
{
    /// <summary>The task's outcome from θ; failures come back in the reply, not as exceptions, so only a lost silo or a
    /// timeout throws (and is retried).</summary>
    [Alias("run")]
    Task<MetaTaskReply> Run(MetaTaskRequest request);
}
