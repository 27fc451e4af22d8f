using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>
/// A tabular MDP: <see cref="Transitions"/>[(s·A + a)·S + s′] = P(s′ | s, a) and
/// <see cref="RewardMeans"/>[s·A + a] the mean reward; the reward noise is N(0, <see cref="RewardNoise"/>²).
/// As features: the S·A reward means, then the S·A·S transition probabilities times √S. Under the task prior
/// (rewards N(1, 1), rows Dirichlet(1, …, 1)) each reward mean varies by 1 and each row of √S·P by (S − 1)/(S + 1) in
/// all, so in a squared error the rewards and the transitions weigh about the same.
/// </summary>
public sealed record TabularMdpTask(int States, int Actions, ImmutableArray<double> Transitions, ImmutableArray<double> RewardMeans, double RewardNoise = 1.0) : EnvTask, ITaskFeatures
{
    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => RewardMeans.Length + Transitions.Length;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        double scale = Math.Sqrt(States);
        for (int i = 0; i < RewardMeans.Length; i++) { destination[i] = (float)RewardMeans[i]; }
        for (int i = 0; i < Transitions.Length; i++) { destination[RewardMeans.Length + i] = (float)(Transitions[i] * scale); }
    }

    /// <summary>P(s′ | s, a).</summary>
    public double P(int s, int a, int next) => Transitions[((s * Actions) + a) * States + next];

    /// <summary>Mean reward of (s, a).</summary>
    public double R(int s, int a) => RewardMeans[s * Actions + a];
}
