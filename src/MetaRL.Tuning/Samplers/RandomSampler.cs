namespace MetaRL.Tuning;

/// <summary>Independent uniform sampling (log-uniform for log-scaled ranges): the baseline every other sampler must beat.</summary>
public sealed class RandomSampler : Sampler
{
    private readonly Rng _rng;

    public RandomSampler(Rng rng) => _rng = rng;

    public RandomSampler(long seed) : this(new Rng(seed)) { }

    /// <summary>The sampler of worker <paramref name="worker"/> of a shared study (see <see cref="Study.Join"/>):
    /// its own stream, derived from the study's seed; worker 0 draws what <c>RandomSampler(seed * 1_000_003)</c> draws.</summary>
    public RandomSampler(long seed, int worker) : this(new Rng(unchecked(seed * 1_000_003L + worker))) { }

    public override double SampleIndependent(Study study, Trial trial, string name, ParamDistribution distribution) =>
        Draw(_rng, distribution);

    /// <summary>A uniform draw from a distribution (shared by samplers for their start-up trials).</summary>
    public static double Draw(Rng rng, ParamDistribution distribution) => distribution switch
    {
        CategoricalDistribution c => rng.NextInt(c.Choices.Count),
        _ => distribution.FromUnit(rng.NextDouble()),
    };
}
