namespace MetaRL.Envs;

/// <summary>
/// Base class of environments that are task distributions. Subclasses supply <see cref="Sample"/> and
/// <see cref="ResetEpisode"/> (and <see cref="Apply"/> where they derive something from a task); the base handles
/// seeding, drawing a task at each reset unless one is pinned, holding the current task (<see cref="CurrentTask"/>,
/// which a subclass reads while stepping) and type checks on <see cref="SetTask"/>.
/// </summary>
public abstract class TaskEnv<TTask> : Env, ITaskEnv where TTask : EnvTask
{
    private TTask? _task;
    private TTask? _pinned;

    /// <inheritdoc cref="Env(string, Box, Space)" />
    protected TaskEnv(string id, Box observationSpace, Space actionSpace)
        : base(id, observationSpace, actionSpace)
    {
    }

    /// <summary>The current task (drawn at the first reset if none was pinned; a pinned task takes effect at the next reset).</summary>
    public TTask CurrentTask => _task ?? throw new InvalidOperationException($"{Id}: no task yet; call Reset first.");

    EnvTask ITaskEnv.Task => CurrentTask;

    /// <inheritdoc />
    public bool IsTaskPinned => _pinned is not null;

    /// <summary>Draws a task of this family.</summary>
    protected abstract TTask Sample(Rng rng);

    /// <summary>Installs a new task (called at reset, before <see cref="ResetEpisode"/>, only when the task changes and while
    /// <see cref="CurrentTask"/> is still the previous one); override to derive per-task state. The default does nothing.</summary>
    protected virtual void Apply(TTask task)
    {
    }

    /// <summary>Starts an episode of the installed task, drawing any start-state randomness from <paramref name="rng"/>.</summary>
    protected abstract void ResetEpisode(Span<float> observation, Rng rng);

    /// <inheritdoc />
    public EnvTask SampleTask(Rng rng) => Sample(rng);

    /// <inheritdoc />
    public IReadOnlyList<EnvTask> SampleTasks(int n, Rng rng)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var tasks = new EnvTask[n];
        for (int i = 0; i < n; i++) { tasks[i] = Sample(rng); }
        return tasks;
    }

    /// <inheritdoc />
    public void SetTask(EnvTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task is not TTask t) { throw new ArgumentException($"{Id} takes tasks of type {typeof(TTask).Name}, not {task.GetType().Name}."); }
        Validate(t);
        _pinned = t;
    }

    /// <summary>Rejects a task that does not fit this environment's configuration (override to check sizes).</summary>
    protected virtual void Validate(TTask task) { }

    /// <inheritdoc />
    public void ReleaseTask() => _pinned = null;

    /// <inheritdoc />
    public sealed override void Reset(Span<float> observation, long? seed = null)
    {
        SeedRandom(seed);
        var task = _pinned ?? Sample(EnvRandom);
        if (!ReferenceEquals(task, _task)) { Apply(task); _task = task; }
        ResetEpisode(observation, EnvRandom);
    }
}
