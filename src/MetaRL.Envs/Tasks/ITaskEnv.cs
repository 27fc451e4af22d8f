namespace MetaRL.Envs;

/// <summary>
/// Capability of a meta environment: it is a task distribution as well as an environment. By default
/// every <see cref="Env.Reset"/> draws a fresh task from the environment's own seeded generator (so one
/// seed fixes the sequence of tasks as well as of episodes); <see cref="SetTask"/> pins a task until
/// <see cref="ReleaseTask"/>. Reach it through wrappers with <c>env.Find&lt;ITaskEnv&gt;()</c>.
/// </summary>
public interface ITaskEnv
{
    /// <summary>The task the current episode runs on.</summary>
    EnvTask Task { get; }

    /// <summary>True while a task set with <see cref="SetTask"/> is pinned.</summary>
    bool IsTaskPinned { get; }

    /// <summary>Draws one task from the distribution with an explicit generator.</summary>
    EnvTask SampleTask(Rng rng);

    /// <summary>Draws <paramref name="n"/> tasks (independent draws, in order) with an explicit generator.</summary>
    IReadOnlyList<EnvTask> SampleTasks(int n, Rng rng);

    /// <summary>Pins a task: later resets keep it (it takes effect at the next reset).</summary>
    void SetTask(EnvTask task);

    /// <summary>Unpins: the next reset draws a new task again.</summary>
    void ReleaseTask();
}
