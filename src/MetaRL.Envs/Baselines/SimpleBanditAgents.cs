using MetaRL.Random;

namespace MetaRL.Envs;

/// <summary>Pulls arms uniformly at random.</summary>
public sealed class RandomBandit : BanditAgent
{
    public override string Name => "random";

    public override int Select(Rng rng) => rng.NextInt(Arms);
}

/// <summary>Pulls the arm with the largest posterior mean under a Beta(1, 1) prior (untried arms count 0.5).</summary>
public sealed class GreedyBandit : BanditAgent
{
    private double[] _scores = [];

    public override string Name => "greedy";

    public override void Begin(int arms, int horizon) { base.Begin(arms, horizon); _scores = new double[arms]; }

    public override int Select(Rng rng)
    {
        for (int i = 0; i < Arms; i++) { _scores[i] = PosteriorMean(i); }
        return ArgMax(_scores, rng);
    }
}

/// <summary>With probability ε a uniformly random arm, otherwise the greedy one.</summary>
public sealed class EpsilonGreedyBandit(double epsilon) : BanditAgent
{
    private double[] _scores = [];

    public override string Name => "epsilon-greedy";

    public override void Begin(int arms, int horizon) { base.Begin(arms, horizon); _scores = new double[arms]; }

    public override int Select(Rng rng)
    {
        if (rng.NextDouble() < epsilon) { return rng.NextInt(Arms); }
        for (int i = 0; i < Arms; i++) { _scores[i] = PosteriorMean(i); }
        return ArgMax(_scores, rng);
    }
}

/// <summary>UCB1 (Auer, Cesa-Bianchi and Fischer 2002): each arm once, then the largest empirical mean + c·√(ln t / nᵢ).</summary>
public sealed class Ucb1Bandit(double c) : BanditAgent
{
    private double[] _scores = [];

    public override string Name => "ucb1";

    public override void Begin(int arms, int horizon) { base.Begin(arms, horizon); _scores = new double[arms]; }

    public override int Select(Rng rng)
    {
        double logT = Math.Log(Math.Max(1, Pulls));
        for (int i = 0; i < Arms; i++)
        {
            int n = Successes[i] + Failures[i];
            _scores[i] = n == 0 ? double.PositiveInfinity : (double)Successes[i] / n + c * Math.Sqrt(logT / n);
        }
        return ArgMax(_scores, rng);
    }
}

/// <summary>Thompson sampling (Thompson 1933): one draw from each arm's Beta(1 + s, 1 + f) posterior, pull the largest.</summary>
public sealed class ThompsonBandit : BanditAgent
{
    private double[] _scores = [];

    public override string Name => "thompson";

    public override void Begin(int arms, int horizon) { base.Begin(arms, horizon); _scores = new double[arms]; }

    public override int Select(Rng rng)
    {
        for (int i = 0; i < Arms; i++)
        {
            double x = rng.Gamma(Successes[i] + 1.0), y = rng.Gamma(Failures[i] + 1.0);
            _scores[i] = x / (x + y);
        }
        return ArgMax(_scores, rng);
    }
}

/// <summary>The clairvoyant oracle: always the arm with the largest true mean.</summary>
public sealed class OracleBandit(Func<BanditTask> task) : BanditAgent
{
    public override string Name => "oracle";

    public override int Select(Rng rng)
    {
        var means = task().Means;
        int best = 0;
        for (int i = 1; i < means.Length; i++) { if (means[i] > means[best]) { best = i; } }
        return best;
    }
}
