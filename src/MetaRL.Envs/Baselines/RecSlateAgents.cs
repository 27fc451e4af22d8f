namespace MetaRL.Envs;

/// <summary>
/// A recommender for <see cref="RecSlate"/>: it sees what a recommender sees, the candidates' topics and its own document
/// ids, the slates it showed and the responses (clicks, watch times and the shown documents' qualities), except the
/// oracle, which also reads the user's true interests and the candidates' qualities. One object serves a whole baseline
/// run, so what it keeps across <see cref="BeginUser"/> calls is its log of every earlier user.
/// </summary>
public abstract class RecSlateAgent
{
    /// <summary>The method name as <c>metarl baselines</c> prints it.</summary>
    public abstract string Name { get; }

    /// <summary>A new user (a trial of sessions) begins.</summary>
    public virtual void BeginUser(RecSlate env) { }

    /// <summary>Writes k distinct candidate indices, in display order, into <paramref name="slate"/>.</summary>
    public abstract void Act(RecSlate env, Rng rng, Span<int> slate);

    /// <summary>Reads the step's response (<see cref="RecSlate.LastShownIds"/>, <see cref="RecSlate.LastClickPosition"/>, …).</summary>
    public virtual void Observe(RecSlate env) { }

    /// <summary>The k candidates of largest score in decreasing order, ties broken uniformly at random.</summary>
    protected static void TopK(ReadOnlySpan<double> scores, Rng rng, Span<int> slate)
    {
        Span<double> taken = stackalloc double[scores.Length];
        scores.CopyTo(taken);
        for (int j = 0; j < slate.Length; j++)
        {
            int best = -1, ties = 0;
            for (int i = 0; i < taken.Length; i++)
            {
                if (double.IsNegativeInfinity(taken[i])) { continue; }
                if (best < 0 || taken[i] > taken[best]) { best = i; ties = 1; }
                else if (taken[i] == taken[best] && rng.NextInt(++ties) == 0) { best = i; }
            }
            slate[j] = best;
            taken[best] = double.NegativeInfinity;
        }
    }
}

/// <summary>k distinct candidates uniformly at random (RecSim's random agent).</summary>
public sealed class RandomRecommender : RecSlateAgent
{
    /// <inheritdoc />
    public override string Name => "random";

    /// <inheritdoc />
    public override void Act(RecSlate env, Rng rng, Span<int> slate)
    {
        int n = env.Config.Candidates;
        Span<int> order = stackalloc int[n];
        for (int i = 0; i < n; i++) { order[i] = i; }
        for (int j = 0; j < slate.Length; j++)
        {
            int r = j + rng.NextInt(n - j);
            (order[j], order[r]) = (order[r], order[j]);
            slate[j] = order[j];
        }
    }
}

/// <summary>The most-clicked documents of the log (every earlier user and session of the run, this one included); ties,
/// and documents never clicked, ranked by the clicks on their topic in the log, then at random. Without a catalogue every
/// document is new, so it ranks by topic popularity alone.</summary>
public sealed class PopularityRecommender : RecSlateAgent
{
    private readonly Dictionary<long, int> _documentClicks = [];
    private int[] _topicClicks = [];

    /// <inheritdoc />
    public override string Name => "popularity";

    /// <inheritdoc />
    public override void BeginUser(RecSlate env)
    {
        if (_topicClicks.Length != env.Config.Topics) { _topicClicks = new int[env.Config.Topics]; }
    }

    /// <inheritdoc />
    public override void Act(RecSlate env, Rng rng, Span<int> slate)
    {
        var ids = env.CandidateIds;
        var topics = env.CandidateTopics;
        Span<double> scores = stackalloc double[ids.Length];
        // Topic clicks never reach 2^20 within a baseline run: a document click outweighs any topic count.
        for (int i = 0; i < ids.Length; i++) { scores[i] = _documentClicks.GetValueOrDefault(ids[i]) * (double)(1 << 20) + _topicClicks[topics[i]]; }
        TopK(scores, rng, slate);
    }

    /// <inheritdoc />
    public override void Observe(RecSlate env)
    {
        int c = env.LastClickPosition;
        if (c < 0) { return; }
        long id = env.LastShownIds[c];
        _documentClicks[id] = _documentClicks.GetValueOrDefault(id) + 1;
        _topicClicks[env.LastShownTopics[c]]++;
    }
}
