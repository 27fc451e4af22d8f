using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>A RecSlate user: the interest in each topic at the start of every session, in [−1, 1] (1 very interested, −1
/// disgust, as RecSim reads them), also the task's features, and the user's segment (−1 without segments). Interests drift
/// during a session and start over at the next.</summary>
public sealed record RecSlateTask(ImmutableArray<double> Interests, int Segment = -1) : EnvTask, ITaskFeatures
{
    /// <summary>Number of topics.</summary>
    [JsonIgnore]
    public int Topics => Interests.Length;

    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => Interests.Length;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        for (int i = 0; i < Interests.Length; i++) { destination[i] = (float)Interests[i]; }
    }
}
