namespace MetaRL.Learning.Meta;

/// <summary>How the tasks of each meta-batch are chosen.</summary>
public enum TaskSelection
{
    /// <summary>Uniformly from the training tasks (fresh draws from the distribution when there is no fixed set).</summary>
    Uniform,

    /// <summary>By learning progress: tasks whose post-adaptation return is changing fastest are preferred.</summary>
    LearningProgress,
}

/// <summary>Run-level settings of <c>metarl meta-train</c> (the learner's own settings live in its options class).</summary>
public sealed class MetaTrainOptions
{
    /// <summary>The meta-learner: <c>maml</c>, <c>reptile</c>, <c>rl2</c> or <c>es</c>.</summary>
    /// <value>The default value is "maml".</value>
    public string Algo { get; set; } = "maml";

    /// <summary>The task family (a registered environment id with a task distribution).</summary>
    /// <value>The default value is "PointNav2D-v0".</value>
    public string Env { get; set; } = "PointNav2D-v0";

    /// <summary>The run seed; every task, rollout and initialisation is seeded from it.</summary>
    /// <value>The default value is 1.</value>
    public long Seed { get; set; } = 1;

    /// <summary>Meta-iterations (one meta-update each).</summary>
    /// <value>The default value is 100.</value>
    public int Iterations { get; set; } = 100;

    /// <summary>Size of the fixed training task set (0: fresh draws every iteration; a curriculum needs a set).</summary>
    /// <value>The default value is 0.</value>
    public int TrainTasks { get; set; }

    /// <summary>How meta-batches are chosen.</summary>
    /// <value>The default value is <see cref="TaskSelection.Uniform"/>.</value>
    public TaskSelection TaskSelection { get; set; } = TaskSelection.Uniform;

    /// <summary>Write a checkpoint every this many iterations (and at the end).</summary>
    /// <value>The default value is 10.</value>
    public int CheckpointEvery { get; set; } = 10;

    /// <summary>Iterations of the multi-task pretrained baseline trained beside the learner (0: none).</summary>
    /// <value>The default value is 50.</value>
    public int PretrainIterations { get; set; } = 50;

    /// <summary>Adam step size of the multi-task pretrained baseline.</summary>
    /// <value>The default value is 0.01.</value>
    public double PretrainLearningRate { get; set; } = 0.01;

    /// <summary>
    /// A run directory (or a model .safetensors file) whose trained weights the learner starts from, matched by parameter
    /// name (<see cref="MetaWarmStart"/>); parameters it lacks keep their initialisation, so a run can grow a trained
    /// policy (for example RL²'s <c>head_hidden</c>). The optimiser and schedules start afresh; <c>--resume</c> ignores it.
    /// Empty: train from the initialisation.
    /// </summary>
    /// <value>The default value is "" (none).</value>
    public string InitFrom { get; set; } = "";

    /// <summary>Rejects settings out of range.</summary>
    public void Validate()
    {
        if (Iterations < 0) { throw new ConfigException("iterations must be at least 0"); }
        if (TrainTasks < 0) { throw new ConfigException("train_tasks must be at least 0"); }
        if (CheckpointEvery < 1) { throw new ConfigException("checkpoint_every must be at least 1"); }
        if (PretrainIterations < 0) { throw new ConfigException("pretrain_iterations must be at least 0"); }
        if (!(PretrainLearningRate > 0)) { throw new ConfigException("pretrain_learning_rate must be positive"); }
        if (TaskSelection == TaskSelection.LearningProgress && TrainTasks == 0)
        {
            throw new ConfigException("task_selection learning_progress needs a fixed task set: set train_tasks (e.g. 64)");
        }
    }
}
