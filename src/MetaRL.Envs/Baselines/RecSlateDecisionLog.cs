using System.Globalization;

namespace MetaRL.Envs;

/// <summary>
/// Logged bandit feedback from RecSlate-v0 sessions (<c>metarl baselines RecSlate-v0 --method M --log-out FILE</c>), one
/// row per slate shown, in the columns of <c>metarl ope</c>'s log format: <c>context</c> is the observation the
/// recommender acted on, <c>action</c> the slate's <see cref="SlateIndex"/> (every ordered slate of k of the n candidates
/// is one action, n!/(n−k)! of them), <c>reward</c> the step's reward (the watch time of the clicked document, or the
/// step penalty's loss of budget as the environment pays it), <c>pscore</c> the behaviour policy's probability of that
/// slate, and <c>target</c> an evaluated policy's probabilities over all slates.
/// <para>The behaviour policy is the baseline mixed with uniform exploration (Li et al. 2010's ε-greedy logging): with
/// probability ε a slate drawn uniformly, else the baseline's, so pscore = (1 − ε)·1{slate = the baseline's} + ε/S with S
/// slates; the <c>random</c> baseline is uniform, pscore = 1/S. A baseline that breaks ties at random is taken at its draw
/// (the draw is independent of the user, so the propensity given it keeps inverse propensity weighting unbiased).</para>
/// <para>The evaluated policy is another baseline that watches the same sessions: at each step it chooses its slate for
/// the same state (a point mass on that slate; <c>random</c>: uniform) and then sees the response to the logged slate.
/// Without one, the target is the uniform policy.</para>
/// </summary>
public sealed class RecSlateDecisionLog
{
    /// <summary>The most slates (actions) a log may have: each row holds a target probability per slate.</summary>
    public const int MaxSlates = 10_000;

    private readonly List<int> _action = [];
    private readonly List<float> _reward = [], _pscore = [], _target = [], _context = [];
    private readonly RecSlateAgent? _evaluated;
    private readonly bool _evaluatedUniform;
    private readonly Rng _evaluatedRng;
    private int[] _slate = [];
    private bool _behaviourUniform;

    /// <param name="epsilon">Uniform exploration mixed into the behaviour policy, in [0, 1].</param>
    /// <param name="target">A baseline name (<see cref="RecSlateTrials.Agent"/>) as the evaluated policy, or null for the uniform policy.</param>
    /// <param name="seed">Seed of the evaluated policy's own tie-breaking.</param>
    public RecSlateDecisionLog(double epsilon, string? target, long seed)
    {
        if (!(epsilon >= 0 && epsilon <= 1)) { throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "the logging exploration rate is in [0, 1]"); }
        Epsilon = epsilon;
        _evaluatedUniform = target is null or "random";
        _evaluated = _evaluatedUniform ? null : RecSlateTrials.Agent(target!);
        _evaluatedRng = new Rng(seed);
    }

    public double Epsilon { get; }

    /// <summary>Number of slates S (the log's action count); 0 before the first session.</summary>
    public int Slates { get; private set; }

    /// <summary>Length of a context (the observation).</summary>
    public int ContextDim { get; private set; }

    public int Rows => _action.Count;

    public IReadOnlyList<int> Action => _action;

    public IReadOnlyList<float> Reward => _reward;

    public IReadOnlyList<float> Pscore => _pscore;

    /// <summary>Row-major <see cref="Rows"/> × <see cref="Slates"/>.</summary>
    public IReadOnlyList<float> Target => _target;

    /// <summary>Row-major <see cref="Rows"/> × <see cref="ContextDim"/>.</summary>
    public IReadOnlyList<float> Context => _context;

    /// <summary>Throws <see cref="EnvConfigurationException"/> unless a log of <paramref name="config"/>'s slates fits (at most <see cref="MaxSlates"/>).</summary>
    public static void CheckSize(RecSlateConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double slates = SlateIndex.Count(config.Candidates, config.SlateSize);
        if (slates > MaxSlates)
        {
            throw new EnvConfigurationException(string.Create(CultureInfo.InvariantCulture,
                $"a decision log has one action per ordered slate: candidates={config.Candidates} and slate={config.SlateSize} give {slates:N0} slates, more than {MaxSlates:N0}; lower candidates or slate"));
        }
    }

    /// <summary>A new user begins under the behaviour baseline <paramref name="behaviour"/>.</summary>
    public void BeginUser(RecSlate sim, string behaviour)
    {
        ArgumentNullException.ThrowIfNull(sim);
        CheckSize(sim.Config);
        Slates = (int)SlateIndex.Count(sim.Config.Candidates, sim.Config.SlateSize);
        ContextDim = RecSlate.ObservationSize(sim.Config);
        _behaviourUniform = behaviour == "random";
        if (_slate.Length != sim.Config.SlateSize) { _slate = new int[sim.Config.SlateSize]; }
        _evaluated?.BeginUser(sim);
    }

    /// <summary>The decision at <paramref name="observation"/>: with probability ε <paramref name="slate"/> (the baseline's)
    /// is replaced by a uniform slate; the row's action, pscore, target and context are recorded.</summary>
    public void Decide(RecSlate sim, ReadOnlySpan<float> observation, Rng rng, Span<int> slate)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(rng);
        int n = sim.Config.Candidates, chosen = SlateIndex.Encode(slate, n);
        int logged = chosen;
        if (Epsilon > 0 && rng.NextDouble() < Epsilon)
        {
            logged = rng.NextInt(Slates);
            SlateIndex.Decode(logged, n, slate);
        }
        double uniform = 1.0 / Slates;
        _pscore.Add((float)(_behaviourUniform ? uniform : (1 - Epsilon) * (logged == chosen ? 1 : 0) + Epsilon * uniform));
        _action.Add(logged);
        int at = _target.Count;
        for (int s = 0; s < Slates; s++) { _target.Add(_evaluatedUniform ? (float)uniform : 0f); }
        if (_evaluated is not null)
        {
            _evaluated.Act(sim, _evaluatedRng, _slate);
            _target[at + SlateIndex.Encode(_slate, n)] = 1f;
        }
        foreach (float x in observation) { _context.Add(x); }
    }

    /// <summary>The reward of the step just taken on the decided slate; the evaluated policy sees the response too.</summary>
    public void Stepped(RecSlate sim, double reward)
    {
        _reward.Add((float)reward);
        _evaluated?.Observe(sim);
    }
}
