namespace MetaRL.Learning.Meta;

/// <summary>What one task of a meta-batch gives back to the outer step: its mean return before and after adaptation,
/// the environment steps it counted, and one float array per parameter of θ (MAML: the outer-loss gradient; Reptile:
/// the adapted weights θ̃), in <see cref="Module.Parameters"/> order.</summary>
public sealed record MetaTaskOutcome(double Pre, double Post, long EnvSteps, float[][] Tensors);

/// <summary>
/// A meta-learner whose iteration is a map over its tasks followed by a reduction in task-index order (MAML with the
/// Adam outer step, Reptile): <see cref="RunTask"/> is the map's body, a pure function of θ (the parameters of
/// <see cref="MetaLearner.Model"/>), the task, the iteration and the index, so it gives the same outcome whichever
/// process runs it, given the same settings. The learner hands each meta-batch to its <see cref="Executor"/>.
/// </summary>
public interface IMetaTaskLearner
{
    /// <summary>The meta-learned network whose parameters are θ.</summary>
    Module Model { get; }

    /// <summary>Threads across which the local executor runs the tasks.</summary>
    int Degree { get; }

    /// <summary>False when this configuration's iteration is not such a map (MAML's TRPO outer step differentiates
    /// through every task's graph together); <see cref="Reason"/> then says why.</summary>
    bool Distributable { get; }

    /// <summary>Why <see cref="Distributable"/> is false (null when it is true).</summary>
    string? Reason { get; }

    /// <summary>Runs the meta-batch's tasks; <see cref="LocalMetaBatch"/> (threads of this process) unless replaced.</summary>
    IMetaBatchExecutor Executor { get; set; }

    /// <summary>One task's inner loop and its contribution to the outer step, from the current θ.</summary>
    MetaTaskOutcome RunTask(EnvTask task, long iteration, int index);
}

/// <summary>
/// Runs the tasks of a meta-batch and returns their outcomes by index: the seam between a meta-learner's algorithm
/// and where its tasks run (threads of this process, <see cref="LocalMetaBatch"/>, or the silos of a cluster, in
/// <c>MetaRL.Distributed</c>). An executor must call the learner's own <see cref="IMetaTaskLearner.RunTask"/> (here or
/// on a copy of the learner elsewhere), never a second copy of the algorithm.
/// </summary>
public interface IMetaBatchExecutor
{
    /// <summary>Outcome i is <paramref name="learner"/>.RunTask(tasks[i], iteration, i) with the learner's current θ.
    /// Throws <see cref="MetaWorkersUnavailableException"/> when no worker can take the work.</summary>
    MetaTaskOutcome[] Run(IMetaTaskLearner learner, IReadOnlyList<EnvTask> tasks, long iteration);

    /// <summary>Figures about the last <see cref="Run"/> for the run's metrics (per-worker throughput, queue length…);
    /// empty for an executor without any.</summary>
    IReadOnlyList<KeyValuePair<string, double>> Diagnostics { get; }
}

/// <summary>The executor of one process: the tasks on up to <see cref="IMetaTaskLearner.Degree"/> threads
/// (<see cref="MetaParallel.Map{T}"/>).</summary>
public sealed class LocalMetaBatch : IMetaBatchExecutor
{
    /// <summary>The shared instance (it holds no state).</summary>
    public static LocalMetaBatch Instance { get; } = new();

    /// <inheritdoc />
    public MetaTaskOutcome[] Run(IMetaTaskLearner learner, IReadOnlyList<EnvTask> tasks, long iteration)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(tasks);
        return MetaParallel.Map(tasks.Count, learner.Degree, t => learner.RunTask(tasks[t], iteration, t));
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, double>> Diagnostics => [];
}

/// <summary>No worker could take a meta-batch's tasks (every silo of the cluster gone, retries spent): the run stops
/// without applying the iteration, so its last checkpoint is what a resume starts from.</summary>
public sealed class MetaWorkersUnavailableException : Exception
{
    public MetaWorkersUnavailableException() { }

    public MetaWorkersUnavailableException(string message) : base(message) { }

    public MetaWorkersUnavailableException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>A worker ran a task and it failed for a reason a retry cannot mend (a bad setting, an error in the learner):
/// the run stops with the failure recorded in its summary, and its last checkpoint is what a resume starts from.</summary>
public class MetaWorkerFailedException : Exception
{
    public MetaWorkerFailedException() { }

    public MetaWorkerFailedException(string message) : base(message) { }

    public MetaWorkerFailedException(string message, Exception inner) : base(message, inner) { }
}
