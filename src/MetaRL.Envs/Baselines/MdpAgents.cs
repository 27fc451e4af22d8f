namespace MetaRL.Envs;

/// <summary>
/// A strategy for a trial of episodes on an unknown tabular MDP. The Bayesian ones keep RL²'s generative
/// model as their prior: Dirichlet(1) transition rows and N(1, 1) mean rewards observed with N(0, 1)
/// noise, so the reward posterior of (s, a) after n rewards summing to Σr is N((1 + Σr)/(1 + n), 1/(1 + n)).
/// </summary>
public abstract class MdpAgent
{
    protected int S { get; private set; }
    protected int A { get; private set; }
    protected int H { get; private set; }
    protected double[] Counts { get; private set; } = [];    // [S×A×S] transition counts
    protected double[] RewardSums { get; private set; } = []; // [S×A]
    protected double[] Visits { get; private set; } = [];     // [S×A]
    protected double[] Q { get; private set; } = [];          // [H×S×A]

    public abstract string Name { get; }

    /// <summary>Starts a trial (fresh statistics).</summary>
    public virtual void BeginTrial(int states, int actions, int horizon)
    {
        (S, A, H) = (states, actions, horizon);
        Counts = new double[states * actions * states];
        RewardSums = new double[states * actions];
        Visits = new double[states * actions];
        Q = new double[horizon * states * actions];
    }

    /// <summary>Called at the start of each episode (the place to plan).</summary>
    public abstract void BeginEpisode(Rng rng);

    /// <summary>The action at state <paramref name="s"/> and step <paramref name="t"/> of the episode.</summary>
    public abstract int Act(int s, int t, Rng rng);

    /// <summary>Records a transition.</summary>
    public void Observe(int s, int a, double r, int next)
    {
        Counts[(s * A + a) * S + next]++;
        RewardSums[s * A + a] += r;
        Visits[s * A + a]++;
    }

    /// <summary>Greedy action of the planned Q at (t, s), ties broken at random.</summary>
    protected int Greedy(int s, int t, Rng rng)
    {
        var row = Q.AsSpan((Math.Min(t, H - 1) * S + s) * A, A);
        int best = 0, ties = 1;
        for (int a = 1; a < A; a++)
        {
            if (row[a] > row[best]) { best = a; ties = 1; }
            else if (row[a] == row[best] && rng.NextInt(++ties) == 0) { best = a; }
        }
        return best;
    }

    /// <summary>Plans on the posterior-mean model.</summary>
    protected void PlanPosteriorMean()
    {
        var p = new double[Counts.Length];
        var r = new double[Visits.Length];
        for (int row = 0; row < S * A; row++)
        {
            double total = 0;
            for (int j = 0; j < S; j++) { total += Counts[row * S + j] + 1; }
            for (int j = 0; j < S; j++) { p[row * S + j] = (Counts[row * S + j] + 1) / total; }
            r[row] = (1 + RewardSums[row]) / (1 + Visits[row]);
        }
        FiniteHorizonPlanner.Plan(S, A, H, p, r, Q);
    }
}

/// <summary>Uniformly random actions.</summary>
public sealed class RandomMdpAgent : MdpAgent
{
    public override string Name => "random";

    public override void BeginEpisode(Rng rng) { }

    public override int Act(int s, int t, Rng rng) => rng.NextInt(A);
}

/// <summary>Plans on the posterior-mean MDP each episode and acts greedily (certainty equivalence).</summary>
public sealed class GreedyMdpAgent : MdpAgent
{
    public override string Name => "greedy";

    public override void BeginEpisode(Rng rng) => PlanPosteriorMean();

    public override int Act(int s, int t, Rng rng) => Greedy(s, t, rng);
}

/// <summary>Certainty equivalence with ε-greedy exploration.</summary>
public sealed class EpsilonGreedyMdpAgent(double epsilon) : MdpAgent
{
    public override string Name => "epsilon-greedy";

    public override void BeginEpisode(Rng rng) => PlanPosteriorMean();

    public override int Act(int s, int t, Rng rng) => rng.NextDouble() < epsilon ? rng.NextInt(A) : Greedy(s, t, rng);
}

/// <summary>Posterior sampling for RL (Strens 2000; Osband, Russo and Van Roy 2013): each episode draws one
/// MDP from the posterior, plans on it and follows its optimal policy for the episode.</summary>
public sealed class PsrlAgent : MdpAgent
{
    public override string Name => "psrl";

    public override void BeginEpisode(Rng rng)
    {
        var p = new double[Counts.Length];
        var r = new double[Visits.Length];
        for (int row = 0; row < S * A; row++)
        {
            double total = 0;
            for (int j = 0; j < S; j++) { total += p[row * S + j] = rng.Gamma(Counts[row * S + j] + 1); }
            for (int j = 0; j < S; j++) { p[row * S + j] /= total; }
            double n = Visits[row];
            r[row] = rng.Normal((1 + RewardSums[row]) / (1 + n), Math.Sqrt(1 / (1 + n)));
        }
        FiniteHorizonPlanner.Plan(S, A, H, p, r, Q);
    }

    public override int Act(int s, int t, Rng rng) => Greedy(s, t, rng);
}

/// <summary>The known-MDP oracle: the optimal policy of the true MDP by value iteration.</summary>
public sealed class OracleMdpAgent(Func<TabularMdpTask> task) : MdpAgent
{
    private TabularMdpTask? _planned;

    public override string Name => "oracle";

    public override void BeginEpisode(Rng rng)
    {
        var t = task();
        if (ReferenceEquals(t, _planned)) { return; }
        FiniteHorizonPlanner.Plan(S, A, H, t.Transitions.AsSpan(), t.RewardMeans.AsSpan(), Q);
        _planned = t;
    }

    public override void BeginTrial(int states, int actions, int horizon)
    {
        base.BeginTrial(states, actions, horizon);
        _planned = null;
    }

    public override int Act(int s, int t, Rng rng) => Greedy(s, t, rng);
}
