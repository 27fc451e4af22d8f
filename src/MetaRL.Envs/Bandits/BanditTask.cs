using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace MetaRL.Envs;

/// <summary>A Bernoulli bandit: the success probability of each arm (also its features).</summary>
public sealed record BanditTask(ImmutableArray<double> Means) : EnvTask, ITaskFeatures
{
    /// <inheritdoc />
    [JsonIgnore]
    public int FeatureCount => Means.Length;

    /// <inheritdoc />
    public void WriteFeatures(Span<float> destination)
    {
        for (int i = 0; i < Means.Length; i++) { destination[i] = (float)Means[i]; }
    }

    /// <summary>Number of arms.</summary>
    public int Arms => Means.Length;

    /// <summary>The best arm's mean.</summary>
    public double BestMean => Means.Max();

    /// <summary>The arm with the largest mean (the lowest index among equals).</summary>
    public int BestArm
    {
        get
        {
            int best = 0;
            for (int i = 1; i < Means.Length; i++) { if (Means[i] > Means[best]) { best = i; } }
            return best;
        }
    }
}
