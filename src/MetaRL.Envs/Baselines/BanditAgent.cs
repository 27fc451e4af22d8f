namespace MetaRL.Envs;

/// <summary>
/// A bandit strategy that keeps Bernoulli statistics (successes and failures per arm, a Beta(1, 1)
/// prior where a posterior is used). Ties between equal scores are broken uniformly at random.
/// </summary>
public abstract class BanditAgent
{
    protected int[] Successes { get; private set; } = [];
    protected int[] Failures { get; private set; } = [];
    protected int Arms { get; private set; }
    protected int Horizon { get; private set; }

    /// <summary>Total pulls so far in this trial.</summary>
    protected int Pulls { get; private set; }

    /// <summary>The method name as <c>metarl baselines</c> prints it.</summary>
    public abstract string Name { get; }

    /// <summary>Starts a trial of <paramref name="horizon"/> pulls on <paramref name="arms"/> arms.</summary>
    public virtual void Begin(int arms, int horizon)
    {
        Arms = arms;
        Horizon = horizon;
        Pulls = 0;
        Successes = new int[arms];
        Failures = new int[arms];
    }

    /// <summary>Chooses the next arm.</summary>
    public abstract int Select(Rng rng);

    /// <summary>Records a reward (0 or 1).</summary>
    public void Update(int arm, double reward)
    {
        if (reward > 0.5) { Successes[arm]++; } else { Failures[arm]++; }
        Pulls++;
    }

    /// <summary>Index of the largest score, ties broken uniformly at random.</summary>
    protected static int ArgMax(ReadOnlySpan<double> scores, Rng rng)
    {
        int best = 0, ties = 1;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best]) { best = i; ties = 1; }
            else if (scores[i] == scores[best] && rng.NextInt(++ties) == 0) { best = i; }
        }
        return best;
    }

    /// <summary>Posterior mean of arm i under Beta(1, 1).</summary>
    protected double PosteriorMean(int i) => (Successes[i] + 1.0) / (Successes[i] + Failures[i] + 2.0);
}

/// <summary>
/// A strategy that scores every arm on each pull and pulls the best, ties broken uniformly at random.
/// Arms are scored in index order, so a score that draws from the generator draws in that order.
/// </summary>
public abstract class ScoredBandit : BanditAgent
{
    private double[] _scores = [];

    /// <inheritdoc />
    public override void Begin(int arms, int horizon) { base.Begin(arms, horizon); _scores = new double[arms]; }

    /// <inheritdoc />
    public override int Select(Rng rng)
    {
        for (int i = 0; i < Arms; i++) { _scores[i] = Score(i, rng); }
        return ArgMax(_scores, rng);
    }

    /// <summary>The score of <paramref name="arm"/> for this pull; the largest is pulled.</summary>
    protected abstract double Score(int arm, Rng rng);
}
