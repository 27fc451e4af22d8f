namespace MetaRL.Envs;

/// <summary>Pulls arms uniformly at random.</summary>
public sealed class RandomBandit : BanditAgent
{
    public override string Name => "random";

    public override int Select(Rng rng) => rng.NextInt(Arms);
}

/// <summary>Pulls the arm with the largest posterior mean under a Beta(1, 1) prior (untried arms count 0.5).</summary>
public sealed class GreedyBandit : ScoredBandit
{
    public override string Name => "greedy";

    protected override double Score(int arm, Rng rng) => PosteriorMean(arm);
}

/// <summary>With probability ε a uniformly random arm, otherwise the greedy one.</summary>
public sealed class EpsilonGreedyBandit(double epsilon) : ScoredBandit
{
    public override string Name => "epsilon-greedy";

    public override int Select(Rng rng) => rng.NextDouble() < epsilon ? rng.NextInt(Arms) : base.Select(rng);

    protected override double Score(int arm, Rng rng) => PosteriorMean(arm);
}

/// <summary>UCB1 (Auer, Cesa-Bianchi and Fischer 2002): each arm once, then the largest empirical mean + c·√(ln t / nᵢ).</summary>
public sealed class Ucb1Bandit(double c) : ScoredBandit
{
    public override string Name => "ucb1";

    protected override double Score(int arm, Rng rng)
    {
        int n = Successes[arm] + Failures[arm];
        return n == 0 ? double.PositiveInfinity : (double)Successes[arm] / n + c * Math.Sqrt(Math.Log(Math.Max(1, Pulls)) / n);
    }
}

/// <summary>Thompson sampling (Thompson 1933): one draw from each arm's Beta(1 + s, 1 + f) posterior, pull the largest.</summary>
public sealed class ThompsonBandit : ScoredBandit
{
    public override string Name => "thompson";

    protected override double Score(int arm, Rng rng)
    {
        double x = rng.Gamma(Successes[arm] + 1.0), y = rng.Gamma(Failures[arm] + 1.0);
        return x / (x + y);
    }
}

/// <summary>The clairvoyant oracle: always the arm with the largest true mean.</summary>
public sealed class OracleBandit(Func<BanditTask> task) : BanditAgent
{
    public override string Name => "oracle";

    public override int Select(Rng rng) => task().BestArm;
}
