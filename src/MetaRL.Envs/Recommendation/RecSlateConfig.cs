namespace MetaRL.Envs;

/// <summary>How a user picks one document of a slate (or none): RecSim's choice models (<c>choice_model.py</c>).</summary>
public enum RecSlateChoice
{
    /// <summary>Multinomial proportional: P(i) ∝ score(i) − min_normalizer, no click ∝ no_click_mass − min_normalizer
    /// (RecSim's interest-evolution environment uses this one).</summary>
    Proportional,

    /// <summary>Multinomial logit: P(i) ∝ exp(score(i)), no click ∝ exp(no_click_mass).</summary>
    Logit,

    /// <summary>Proportional cascade: positions examined in order; position i is clicked with probability
    /// attention · score_scaling · (score(i) − min_normalizer) given none before it was.</summary>
    Cascade,

    /// <summary>Exponential cascade: as <see cref="Cascade"/> with score_scaling · exp(score(i)).</summary>
    ExpCascade,
}

/// <summary>
/// The parameters of <see cref="RecSlate"/>, RecSim's interest-evolution environment (Ie et al. 2019, "RecSim: A
/// Configurable Simulation Platform for Recommender Systems"; google-research/recsim
/// <c>environments/interest_evolution.py</c>): its <c>UtilityModelVideoSampler</c>, <c>UtilityModelUserSampler</c> and
/// <c>IEvUserModel</c> defaults, each one a setting of <c>RecSlate-v0</c>. <see cref="Validate"/> checks them in one place.
/// </summary>
public sealed class RecSlateConfig
{
    /// <summary>Candidate documents offered per step (RecSim's <c>num_candidates</c>).
    /// <value>The default value is 10.</value></summary>
    public int Candidates { get; init; } = 10;

    /// <summary>Documents per slate (RecSim's <c>slate_size</c>).
    /// <value>The default value is 2.</value></summary>
    public int SlateSize { get; init; } = 2;

    /// <summary>Topics (RecSim's <c>NUM_FEATURES</c>): a document is one-hot on one topic, a user has one interest per topic.
    /// <value>The default value is 20.</value></summary>
    public int Topics { get; init; } = 20;

    /// <summary>Documents in the catalogue; 0 draws <see cref="Candidates"/> fresh documents every step, RecSim's
    /// <c>resample_documents=True</c>. A catalogue is drawn once from <see cref="CatalogueSeed"/> and shared by every user and
    /// session; each step offers <see cref="Candidates"/> distinct documents of it, uniformly.
    /// <value>The default value is 0.</value></summary>
    public int Catalogue { get; init; }

    /// <summary>Cold start: the probability per step that a new document joins the catalogue (replacing the oldest one, so
    /// the catalogue keeps its size) and is among the next step's candidates. Needs a catalogue. Each session starts from the
    /// base catalogue again.
    /// <value>The default value is 0.</value></summary>
    public double NewItems { get; init; }

    /// <summary>Seed of the catalogue's documents.
    /// <value>The default value is 0.</value></summary>
    public long CatalogueSeed { get; init; }

    /// <summary>Video length in minutes (RecSim's fixed <c>video_length</c>).
    /// <value>The default value is 4.</value></summary>
    public double DocLength { get; init; } = 4;

    /// <summary>Lowest topic quality mean (RecSim's <c>min_utility</c>).
    /// <value>The default value is −3.</value></summary>
    public double QualityLow { get; init; } = -3;

    /// <summary>Highest topic quality mean (RecSim's <c>max_utility</c>).
    /// <value>The default value is 3.</value></summary>
    public double QualityHigh { get; init; } = 3;

    /// <summary>Standard deviation of a document's quality around its topic's mean (RecSim passes 0.1 to <c>normal</c>).
    /// <value>The default value is 0.1.</value></summary>
    public double QualityStd { get; init; } = 0.1;

    /// <summary>Fraction of topics whose quality means are spaced over [<see cref="QualityLow"/>, 0] (the "trashy" ones); the
    /// rest are spaced over [0, <see cref="QualityHigh"/>].
    /// <value>The default value is 0.7.</value></summary>
    public double TrashyFraction { get; init; } = 0.7;

    /// <summary>A user's time budget per session in minutes.
    /// <value>The default value is 200.</value></summary>
    public double TimeBudget { get; init; } = 200;

    /// <summary>Minutes a slate without a click costs.
    /// <value>The default value is 0.5.</value></summary>
    public double StepPenalty { get; init; } = 0.5;

    /// <summary>Score of the no-click option.
    /// <value>The default value is 1.</value></summary>
    public double NoClickMass { get; init; } = 1;

    /// <summary>Offset subtracted from the scores by the proportional models so they are non-negative.
    /// <value>The default value is −1.</value></summary>
    public double MinNormalizer { get; init; } = -1;

    /// <summary>Score scaling of the cascade models (unused by the multinomial ones, as in RecSim).
    /// <value>The default value is 0.05.</value></summary>
    public double ScoreScaling { get; init; } = 0.05;

    /// <summary>Position attention of the cascade models (unused by the multinomial ones, as in RecSim).
    /// <value>The default value is 0.65.</value></summary>
    public double Attention { get; init; } = 0.65;

    /// <summary>The choice model.
    /// <value>The default value is <see cref="RecSlateChoice.Proportional"/>, RecSim's <c>create_environment</c>.</value></summary>
    public RecSlateChoice Choice { get; init; } = RecSlateChoice.Proportional;

    /// <summary>Fraction of the watch time a click's utility moves the budget by (RecSim's <c>user_update_alpha</c>, 0.9 ×
    /// 1/3.4: quality normalised to about [−1, 1]).
    /// <value>The default value is 0.9/3.4 ≈ 0.2647.</value></summary>
    public double BudgetAlpha { get; init; } = 0.9 / 3.4;

    /// <summary>Weight of the expected utility in a click's received utility.
    /// <value>The default value is 0.</value></summary>
    public double UserQualityFactor { get; init; }

    /// <summary>Weight of the document's quality in a click's received utility.
    /// <value>The default value is 1.</value></summary>
    public double DocumentQualityFactor { get; init; } = 1;

    /// <summary>Interest step size at zero interest (RecSim's <c>alpha_y_intercept</c>); it falls linearly to 0 at
    /// |interest| = <see cref="InterestXIntercept"/>.
    /// <value>The default value is 0.3.</value></summary>
    public double InterestStep { get; init; } = 0.3;

    /// <summary>RecSim's <c>alpha_x_intercept</c>.
    /// <value>The default value is 1.</value></summary>
    public double InterestXIntercept { get; init; } = 1;

    /// <summary>User segments; 0 draws every user's interests uniformly in [−1, 1]^topics (RecSim). With S segments, S
    /// centres are drawn uniformly in [−1, 1]^topics from <see cref="SegmentSeed"/>, and a user belongs to one segment,
    /// uniformly, with interests centre + U(−<see cref="SegmentSpread"/>, <see cref="SegmentSpread"/>) per topic, clipped to
    /// [−1, 1]: users of a segment share a prior that a recommender can learn across them.
    /// <value>The default value is 0.</value></summary>
    public int Segments { get; init; }

    /// <summary>Half-width of a segment's interest prior around its centre.
    /// <value>The default value is 0.25.</value></summary>
    public double SegmentSpread { get; init; } = 0.25;

    /// <summary>Seed of the segment centres.
    /// <value>The default value is 0.</value></summary>
    public long SegmentSeed { get; init; }

    /// <summary>True: the action is one <see cref="Discrete"/> index over the ordered slates (<see cref="SlateIndex"/>), for
    /// learners with a categorical head; false: a <see cref="MultiDiscrete"/> of <see cref="SlateSize"/> candidate indices.
    /// <value>The default value is false.</value></summary>
    public bool IndexActions { get; init; }

    /// <summary>The defaults.</summary>
    public static RecSlateConfig Default { get; } = new();

    /// <summary>The largest number of ordered slates the index encoding takes.</summary>
    public const int MaxIndexActions = 1_000_000;

    /// <summary>Throws <see cref="EnvConfigurationException"/> naming the setting (as <c>--set</c> spells it) of the first bad value.</summary>
    public void Validate()
    {
        static void Need(bool ok, string message)
        {
            if (!ok) { throw new EnvConfigurationException("RecSlate-v0: " + message); }
        }
        Need(Topics >= 1, $"setting 'topics' must be at least 1, got {Topics}.");
        Need(Candidates >= 1, $"setting 'candidates' must be at least 1, got {Candidates}.");
        Need(SlateSize >= 1 && SlateSize <= Candidates, $"setting 'slate' must be in [1, candidates = {Candidates}], got {SlateSize}.");
        Need(Catalogue == 0 || Catalogue >= Candidates, $"setting 'catalogue' must be 0 (fresh documents every step) or at least candidates = {Candidates}, got {Catalogue}.");
        Need(NewItems >= 0 && NewItems <= 1, $"setting 'new_items' must be a probability in [0, 1], got {NewItems}.");
        Need(NewItems == 0 || Catalogue > 0, "setting 'new_items' needs a catalogue (catalogue > 0); with catalogue=0 every candidate is already a new document.");
        Need(Segments >= 0, $"setting 'segments' must be at least 0, got {Segments}.");
        Need(SegmentSpread >= 0, $"setting 'segment_spread' must be at least 0, got {SegmentSpread}.");
        Need(DocLength > 0, $"setting 'doc_length' must be positive, got {DocLength}.");
        Need(QualityLow <= 0 && QualityHigh >= 0, $"settings 'quality_low' and 'quality_high' need quality_low <= 0 <= quality_high, got {QualityLow} and {QualityHigh}.");
        Need(QualityStd >= 0, $"setting 'quality_std' must be at least 0, got {QualityStd}.");
        Need(TrashyFraction >= 0 && TrashyFraction <= 1, $"setting 'trashy_fraction' must be in [0, 1], got {TrashyFraction}.");
        Need(TimeBudget > 0, $"setting 'time_budget' must be positive, got {TimeBudget}.");
        Need(StepPenalty > 0, $"setting 'step_penalty' must be positive (a session must end), got {StepPenalty}.");
        Need(InterestXIntercept > 0, $"setting 'interest_x_intercept' must be positive, got {InterestXIntercept}.");
        Need(InterestStep >= 0, $"setting 'interest_step' must be at least 0, got {InterestStep}.");
        Need(Attention >= 0 && Attention <= 1, $"setting 'attention' must be in [0, 1], got {Attention}.");
        Need(ScoreScaling >= 0, $"setting 'score_scaling' must be at least 0, got {ScoreScaling}.");
        // Scores are interests in [−1, 1]; RecSim asserts the normalised scores are probabilities' weights.
        switch (Choice)
        {
            case RecSlateChoice.Proportional:
                Need(MinNormalizer <= -1 && NoClickMass >= MinNormalizer, $"the proportional choice needs min_normalizer <= -1 (scores reach -1) and no_click_mass >= min_normalizer, got {MinNormalizer} and {NoClickMass}.");
                break;
            case RecSlateChoice.Cascade:
                Need(MinNormalizer <= -1 && ScoreScaling * (1 - MinNormalizer) <= 1, $"the cascade choice needs min_normalizer <= -1 and score_scaling × (1 − min_normalizer) <= 1, got {MinNormalizer} and {ScoreScaling}.");
                break;
            case RecSlateChoice.ExpCascade:
                Need(ScoreScaling * Math.E <= 1, $"the exp-cascade choice needs score_scaling × e <= 1, got {ScoreScaling}.");
                break;
        }
        if (IndexActions)
        {
            double count = SlateIndex.Count(Candidates, SlateSize);
            Need(count <= MaxIndexActions, $"action=index enumerates candidates!/(candidates − slate)! = {count:G6} ordered slates, more than {MaxIndexActions:N0}; use action=slate or fewer candidates.");
        }
    }

    /// <summary>Each topic's quality mean, as RecSim's <c>UtilityModelVideoSampler</c> spaces them: ⌊Topics·TrashyFraction⌋
    /// means evenly over [QualityLow, 0] (numpy's <c>linspace</c>), then the other topics' evenly over [0, QualityHigh].
    /// (RecSim takes ⌊Topics·0.3⌋ for the second part, which is the same count whenever the two add up to Topics, as they do for 20.)</summary>
    public double[] TopicQualityMeans()
    {
        int trashy = (int)(Topics * TrashyFraction);
        var means = new double[Topics];
        Linspace(QualityLow, 0, means.AsSpan(0, trashy));
        Linspace(0, QualityHigh, means.AsSpan(trashy));
        return means;
    }

    private static void Linspace(double from, double to, Span<double> into)
    {
        if (into.Length == 1) { into[0] = from; return; }
        for (int i = 0; i < into.Length; i++) { into[i] = from + (to - from) * i / (into.Length - 1); }
    }
}
