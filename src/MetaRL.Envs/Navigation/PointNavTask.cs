using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>A 2D navigation task: the goal position (MAML's point robot, Finn et al. 2017), also its two features.</summary>
public sealed record PointNavTask(double GoalX, double GoalY) : EnvTask, ITaskFeatures
{
    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => 2;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        destination[0] = (float)GoalX;
        destination[1] = (float)GoalY;
    }
}
