namespace MetaRL.Learning.Meta;

/// <summary>The files a meta-training run keeps beside the standard run layout (<see cref="Tracking.RunDirectory"/>).</summary>
public static class MetaRunFiles
{
    /// <summary>The multi-task pretrained baseline of a gradient-based run.</summary>
    public const string Pretrained = "pretrained.safetensors";

    /// <summary>The fixed training task set, when <c>train_tasks</c> is set.</summary>
    public const string TrainTasks = "train_tasks.json";
}
