using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>
/// A tabular MDP: <see cref="Transitions"/>[(s·A + a)·S + s′] = P(s′ | s, a) and
/// <see cref="RewardMeans"/>[s·A + a] the mean reward; the reward noise is N(0, <see cref="RewardNoise"/>²).
/// As features: the S·A reward means, then the S·A·S transition probabilities times S (so a uniform row reads 1).
/// </summary>
public sealed record TabularMdpTask(int States, int Actions, ImmutableArray<double> Transitions, ImmutableArray<double> RewardMeans, double RewardNoise = 1.0) : EnvTask, ITaskFeatures
{
    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => RewardMeans.Length + Transitions.Length;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        for (int i = 0; i < RewardMeans.Length; i++) { destination[i] = (float)RewardMeans[i]; }
        for (int i = 0; i < Transitions.Length; i++) { destination[RewardMeans.Length + i] = (float)(Transitions[i] * States); }
    }

    /// <summary>P(s′ | s, a).</summary>
    public double P(int s, int a, int next) => Transitions[((s * Actions) + a) * States + next];

    /// <summary>Mean reward of (s, a).</summary>
    public double R(int s, int a) => RewardMeans[s * Actions + a];
}
