using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>A Dark Room task: the goal cell (<see cref="GoalX"/>, <see cref="GoalY"/>) of a Size×Size room, also its
/// two features. Cells are numbered y·Size + x, with y growing downward as in <see cref="GridNav"/>.</summary>
public sealed record DarkRoomTask(int Size, int GoalX, int GoalY) : EnvTask, ITaskFeatures
{
    /// <summary>The goal's cell index, y·Size + x.</summary>
    [JsonIgnore]
    public int GoalCell => GoalY * Size + GoalX;

    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => 2;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        destination[0] = GoalX;
        destination[1] = GoalY;
    }
}
