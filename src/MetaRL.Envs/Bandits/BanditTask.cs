using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>A Bernoulli bandit: the success probability of each arm.</summary>
public sealed record BanditTask(ImmutableArray<double> Means) : EnvTask
{
    /// <summary>Number of arms.</summary>
    public int Arms => Means.Length;

    /// <summary>The best arm's mean.</summary>
    public double BestMean => Means.Max();
}
