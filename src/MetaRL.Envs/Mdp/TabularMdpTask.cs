using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>
/// A tabular MDP: <see cref="Transitions"/>[(s·A + a)·S + s′] = P(s′ | s, a) and
/// <see cref="RewardMeans"/>[s·A + a] the mean reward; the reward noise is N(0, <see cref="RewardNoise"/>²).
/// </summary>
public sealed record TabularMdpTask(int States, int Actions, ImmutableArray<double> Transitions, ImmutableArray<double> RewardMeans, double RewardNoise = 1.0) : EnvTask
{
    /// <summary>P(s′ | s, a).</summary>
    public double P(int s, int a, int next) => Transitions[((s * Actions) + a) * States + next];

    /// <summary>Mean reward of (s, a).</summary>
    public double R(int s, int a) => RewardMeans[s * Actions + a];
}
