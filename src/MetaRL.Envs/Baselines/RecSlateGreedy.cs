namespace MetaRL.Envs;

/// <summary>
/// Myopic greedy on predicted click × quality: each candidate is scored p̂ · (1 + budget_alpha · q̂), the predicted click
/// probability times the minutes of session a click on it is worth per watched minute (the watch itself plus what its
/// quality gives back to the budget, RecSim's budget rule), and the k best are shown. p̂ is this user's click rate on the
/// candidate's topic under a Beta(1, 1) prior, (clicks + 1)/(impressions + 2), counted over the user's sessions so far;
/// q̂ is the mean quality the log has revealed for the topic (shown documents' qualities, over every user, with one
/// pseudo-observation of 0). It uses only what a recommender observes.
/// </summary>
public sealed class GreedyRecommender : RecSlateAgent
{
    private int[] _impressions = [], _clicks = [];
    private double[] _qualitySum = [];
    private int[] _qualityCount = [];

    /// <inheritdoc />
    public override string Name => "greedy";

    /// <inheritdoc />
    public override void BeginUser(RecSlate env)
    {
        int t = env.Config.Topics;
        (_impressions, _clicks) = (new int[t], new int[t]);
        if (_qualitySum.Length != t) { (_qualitySum, _qualityCount) = (new double[t], new int[t]); }
    }

    /// <summary>The predicted click probability of a document of <paramref name="topic"/> for this user.</summary>
    public double PredictedClick(int topic) => (_clicks[topic] + 1.0) / (_impressions[topic] + 2.0);

    /// <summary>The log's quality estimate of <paramref name="topic"/>.</summary>
    public double PredictedQuality(int topic) => _qualitySum[topic] / (_qualityCount[topic] + 1.0);

    /// <inheritdoc />
    public override void Act(RecSlate env, Rng rng, Span<int> slate)
    {
        var topics = env.CandidateTopics;
        double alpha = env.Config.BudgetAlpha * env.Config.DocumentQualityFactor;
        Span<double> scores = stackalloc double[topics.Length];
        for (int i = 0; i < topics.Length; i++) { scores[i] = PredictedClick(topics[i]) * (1 + alpha * PredictedQuality(topics[i])); }
        TopK(scores, rng, slate);
    }

    /// <inheritdoc />
    public override void Observe(RecSlate env)
    {
        var topics = env.LastShownTopics;
        for (int j = 0; j < topics.Length; j++)
        {
            _impressions[topics[j]]++;
            if (j == env.LastClickPosition) { _clicks[topics[j]]++; }
        }
        // The response reveals every shown document's quality (RecSim's IEvResponse.quality).
        var quality = env.LastShownQualities;
        for (int j = 0; j < topics.Length; j++) { _qualitySum[topics[j]] += quality[j]; _qualityCount[topics[j]]++; }
    }
}

/// <summary>
/// The oracle: it knows the user's current interests and the candidates' qualities and builds the slate position by
/// position, adding the candidate that maximises the slate's expected watch time per minute of budget it spends (exact
/// choice probabilities of the simulator's model, RecSim's budget update). Over a session whose length the budget sets,
/// watch time per minute spent is what total watch time grows with, so this is greedy on true expected watch time made
/// aware of the budget; it does not plan for interest drift.
/// </summary>
public sealed class OracleRecommender : RecSlateAgent
{
    /// <inheritdoc />
    public override string Name => "oracle";

    /// <inheritdoc />
    public override void Act(RecSlate env, Rng rng, Span<int> slate)
    {
        int n = env.Config.Candidates;
        Span<bool> used = stackalloc bool[n];
        for (int j = 0; j < slate.Length; j++)
        {
            int best = -1;
            double bestValue = double.NegativeInfinity;
            for (int i = 0; i < n; i++)
            {
                if (used[i]) { continue; }
                slate[j] = i;
                double v = Value(env, slate[..(j + 1)]);
                if (v > bestValue) { bestValue = v; best = i; }
            }
            slate[j] = best;
            used[best] = true;
        }
    }

    /// <summary>Expected watch time per expected minute spent of showing <paramref name="slate"/> now (+∞-like, ordered by
    /// watch time, when the slate is expected to give back more budget than it spends).</summary>
    public static double Value(RecSlate env, ReadOnlySpan<int> slate)
    {
        var (watch, spent) = Expectation(env, slate);
        return spent > 0 ? watch / spent : 1e12 + watch;
    }

    /// <summary>The expected watch time and expected budget spent by showing <paramref name="slate"/> to the current user.</summary>
    public static (double Watch, double Spent) Expectation(RecSlate env, ReadOnlySpan<int> slate)
    {
        var c = env.Config;
        Span<double> scores = stackalloc double[slate.Length];
        Span<double> weights = stackalloc double[slate.Length];
        var interests = env.Interests;
        var topics = env.CandidateTopics;
        for (int j = 0; j < slate.Length; j++) { scores[j] = interests[topics[slate[j]]]; }
        double none = RecSlateChoiceModel.Weights(c, scores, weights);
        double total = none;
        foreach (double w in weights) { total += w; }
        double watchTime = Math.Min(env.Budget, c.DocLength);
        double watch = 0, spent = none / total * c.StepPenalty;
        for (int j = 0; j < slate.Length; j++)
        {
            double p = weights[j] / total;
            double received = c.UserQualityFactor * RecSlateChoiceModel.ExpectedUtility(c, scores[j]) + c.DocumentQualityFactor * env.CandidateQuality(slate[j]);
            watch += p * watchTime;
            spent += p * watchTime * (1 - c.BudgetAlpha * received);
        }
        return (watch, spent);
    }
}
