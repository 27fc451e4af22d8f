using System.Collections.Immutable;

namespace MetaRL.Envs;

/// <summary>
/// Bandit-v0, RL²'s multi-armed bandits (Duan et al. 2016): k Bernoulli arms with means drawn uniformly
/// from [0, 1] per task; each pull pays 1 with the arm's probability, else 0. The observation carries
/// no information (a single 0); one episode is the trial's n pulls (a <see cref="TimeLimit"/> added by
/// the registry, setting <c>pulls</c>). A narrower range [<paramref name="meanLow"/>, <paramref name="meanHigh"/>]
/// makes a shifted family (closer arms, rarer rewards) for fine-tuning a model pretrained on the default one.
/// </summary>
/// <param name="arms">k.</param>
/// <param name="meanLow">Lowest arm mean. The default value is 0.</param>
/// <param name="meanHigh">Highest arm mean. The default value is 1.</param>
public sealed class BernoulliBandit(int arms, double meanLow = 0, double meanHigh = 1)
    : TaskEnv<BanditTask>("Bandit-v0", new Box(1, 0f, 0f), new Discrete(AtLeast(arms, 1)))
{
    private readonly double _low = meanLow >= 0 && meanLow <= meanHigh && meanHigh <= 1 ? meanLow
        : throw new EnvConfigurationException($"Bandit-v0: settings mean_low and mean_high need 0 <= mean_low <= mean_high <= 1, got {meanLow} and {meanHigh}.");

    private double[] _means = [];

    /// <summary>Number of arms.</summary>
    public int Arms { get; } = arms;

    /// <inheritdoc />
    protected override BanditTask Sample(Rng rng)
    {
        var means = new double[Arms];
        for (int i = 0; i < Arms; i++) { means[i] = _low + (meanHigh - _low) * rng.NextDouble(); } // exactly rng.NextDouble() by default
        return new BanditTask(ImmutableArray.Create(means));
    }

    /// <inheritdoc />
    protected override void Validate(BanditTask task)
    {
        if (task.Arms != Arms) { throw new ArgumentException($"Bandit-v0 has {Arms} arms; the task has {task.Arms}."); }
        if (task.Means.Any(m => !(m >= 0 && m <= 1))) { throw new ArgumentException("Bandit arm means must lie in [0, 1]."); }
    }

    /// <inheritdoc />
    protected override void Apply(BanditTask task) => _means = [.. task.Means];

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng) => observation[0] = 0;

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        if (!ActionSpace.Contains(action)) { throw new ArgumentException($"Bandit-v0: action must be an arm index in [0, {Arms}), got {action[0]}."); }
        observation[0] = 0;
        return new StepResult(EnvRandom.NextDouble() < _means[(int)action[0]] ? 1.0 : 0.0, false, false);
    }}
