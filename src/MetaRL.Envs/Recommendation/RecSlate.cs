namespace MetaRL.Envs;

/// <summary>
/// RecSlate-v0: RecSim's interest-evolution environment (Ie et al. 2019; google-research/recsim
/// <c>environments/interest_evolution.py</c>) as a task family whose tasks are users (<see cref="RecSlateTask"/>: the
/// interest vector, uniform in [−1, 1]^topics, or near the centre of one of <c>segments</c> seeded user segments). Each step the recommender shows a slate of k of the N candidate documents;
/// a document has one topic (one-hot, uniform) and a hidden quality N(mean of its topic, 0.1²). The user clicks one document or
/// none by the choice model (<see cref="RecSlateChoiceModel"/>, multinomial proportional on the interest in each topic);
/// a click pays its watch time, min(budget, length), as reward, moves the interest in its topic towards or away from it,
/// and changes the budget by −watch + budget_alpha · watch · (user_quality_factor · expected utility + document_quality_factor ·
/// quality); no click costs the step penalty. The session ends when the budget is spent (terminated), or at
/// <c>max_steps</c> (truncated, a <see cref="TimeLimit"/> added by the registry). All randomness (candidates, clicks, interest
/// flips, cold-start arrivals, tasks) comes from the environment's seeded generator; a catalogue from its own seed.
/// <para>Unlike RecSim, whose user observation is the interest vector itself, the interests are hidden: they are what a
/// meta-learner adapts to. The observation (floats, in this order):</para>
/// <list type="number">
/// <item>candidates: N blocks of T floats, each the one-hot topic of a candidate (RecSim's document observation; quality
/// is not observed);</item>
/// <item>the last response: k blocks of T + 3 floats for the slate positions of the previous step, the shown document's
/// one-hot topic, clicked (0/1), watch time (minutes) and its quality (which RecSim's response reveals for every shown
/// document); all zero at the start of a session and for positions a shorter slate left empty;</item>
/// <item>the session's history: T impressions per topic, then T clicks per topic, counted since the session began.</item>
/// </list>
/// <para>The action (<c>action=slate</c>) is a <see cref="MultiDiscrete"/> of k candidate indices in display order; a
/// repeated index shows that document once, at its first position, and the slate is that much shorter (RecSim accepts
/// slates shorter than k). With <c>action=index</c> it is one <see cref="Discrete"/> index of an ordered slate of k
/// distinct candidates (<see cref="SlateIndex"/>).</para>
/// </summary>
public sealed class RecSlate : TaskEnv<RecSlateTask>
{
    private readonly RecSlateConfig _c;
    private readonly double[] _topicMeans;
    private readonly int _n, _k, _t;

    // candidates of the current step
    private readonly int[] _candTopic, _candSlot;
    private readonly double[] _candQuality;
    private readonly long[] _candId;

    // catalogue (empty when documents are fresh every step): the base one, and the session's copy that cold start edits
    private readonly int[] _baseTopic, _catTopic, _perm;
    private readonly double[] _baseQuality, _catQuality;
    private readonly long[] _catId;
    private int _oldest;
    private long _nextId, _sessionFirstId;
    private ulong _qualityKey;

    // user
    private readonly double[][] _segmentCentres;
    private readonly double[] _interests;
    private double _budget;

    // the last step
    private readonly int[] _slate, _shownTopic;
    private readonly long[] _shownId;
    private readonly double[] _shownQuality, _scores, _weights;
    private int _slateLength, _clicked;
    private double _watch;

    // the session's history
    private readonly int[] _impressions, _clicks;

    /// <param name="config">The parameters (validated here); null: the defaults.</param>
    public RecSlate(RecSlateConfig? config = null)
        : base("RecSlate-v0", ObservationSpaceOf(Checked(config)), ActionSpaceOf(Checked(config)))
    {
        _c = Checked(config);
        (_n, _k, _t) = (_c.Candidates, _c.SlateSize, _c.Topics);
        _topicMeans = _c.TopicQualityMeans();
        _candTopic = new int[_n];
        _candSlot = new int[_n];
        _candQuality = new double[_n];
        _candId = new long[_n];
        int m = _c.Catalogue;
        (_baseTopic, _catTopic, _perm) = (new int[m], new int[m], new int[m]);
        (_baseQuality, _catQuality, _catId) = (new double[m], new double[m], new long[m]);
        var catalogueRng = new Rng(_c.CatalogueSeed);
        for (int i = 0; i < m; i++) { (_baseTopic[i], _baseQuality[i]) = SampleDocument(catalogueRng); }
        _interests = new double[_t];
        var segmentRng = new Rng(_c.SegmentSeed);
        _segmentCentres = [.. Enumerable.Range(0, _c.Segments).Select(_ => Enumerable.Range(0, _t).Select(_ => segmentRng.Uniform(-1, 1)).ToArray())];
        (_slate, _shownTopic, _shownId) = (new int[_k], new int[_k], new long[_k]);
        (_shownQuality, _scores, _weights) = (new double[_k], new double[_k], new double[_k]);
        (_impressions, _clicks) = (new int[_t], new int[_t]);
    }

    private static RecSlateConfig Checked(RecSlateConfig? config)
    {
        var c = config ?? RecSlateConfig.Default;
        c.Validate();
        return c;
    }

    /// <summary>Floats in one observation: N·T + k·(T + 3) + 2·T.</summary>
    public static int ObservationSize(RecSlateConfig c) => c.Candidates * c.Topics + c.SlateSize * (c.Topics + 3) + 2 * c.Topics;

    private static Box ObservationSpaceOf(RecSlateConfig c)
    {
        int size = ObservationSize(c);
        var low = new float[size];
        var high = new float[size];
        int p = 0;
        for (; p < c.Candidates * c.Topics; p++) { high[p] = 1; }
        for (int j = 0; j < c.SlateSize; j++)
        {
            for (int i = 0; i < c.Topics + 1; i++) { high[p++] = 1; } // topic one-hot, clicked
            high[p++] = (float)c.DocLength;                              // watch time
            (low[p], high[p]) = (float.NegativeInfinity, float.PositiveInfinity); // quality
            p++;
        }
        for (; p < size; p++) { high[p] = float.PositiveInfinity; }
        return new Box(low, high);
    }

    private static Space ActionSpaceOf(RecSlateConfig c) =>
        c.IndexActions ? new Discrete((int)SlateIndex.Count(c.Candidates, c.SlateSize)) : new MultiDiscrete([.. Enumerable.Repeat(c.Candidates, c.SlateSize)]);

    /// <summary>The parameters.</summary>
    public RecSlateConfig Config => _c;

    /// <summary>The centre of each user segment's interest prior (empty without segments).</summary>
    public IReadOnlyList<IReadOnlyList<double>> SegmentCentres => _segmentCentres;

    /// <summary>Each topic's quality mean.</summary>
    public ReadOnlySpan<double> TopicQualityMeans => _topicMeans;

    /// <summary>The user's current interests (they drift during a session).</summary>
    public ReadOnlySpan<double> Interests => _interests;

    /// <summary>Minutes left in the session.</summary>
    public double Budget => _budget;

    /// <summary>The current candidates' topics.</summary>
    public ReadOnlySpan<int> CandidateTopics => _candTopic;

    /// <summary>Candidate <paramref name="i"/>'s quality (hidden from the observation: for oracles and tests).</summary>
    public double CandidateQuality(int i) => _catTopic.Length > 0 ? _candQuality[i] : FreshQuality(_candTopic[i], _candId[i]);

    /// <summary>The current candidates' document ids (catalogue documents are 0 … catalogue − 1; fresh and cold-start
    /// documents get the next ids, never reused by this environment).</summary>
    public ReadOnlySpan<long> CandidateIds => _candId;

    /// <summary>The last step's slate as candidate indices, repeats removed.</summary>
    public ReadOnlySpan<int> LastSlate => _slate.AsSpan(0, _slateLength);

    /// <summary>The last step's shown documents' ids, in slate order.</summary>
    public ReadOnlySpan<long> LastShownIds => _shownId.AsSpan(0, _slateLength);

    /// <summary>The last step's shown documents' topics, in slate order.</summary>
    public ReadOnlySpan<int> LastShownTopics => _shownTopic.AsSpan(0, _slateLength);

    /// <summary>The last step's shown documents' qualities, in slate order (the response reveals them).</summary>
    public ReadOnlySpan<double> LastShownQualities => _shownQuality.AsSpan(0, _slateLength);

    /// <summary>The slate position clicked at the last step, or −1.</summary>
    public int LastClickPosition => _clicked;

    /// <summary>The last step's watch time (0 without a click).</summary>
    public double LastWatchTime => _watch;

    /// <summary>Documents currently in the catalogue (0 when documents are fresh every step).</summary>
    public int CatalogueSize => _catTopic.Length;

    /// <inheritdoc />
    protected override RecSlateTask Sample(Rng rng)
    {
        var interests = new double[_t];
        if (_segmentCentres.Length == 0)
        {
            for (int i = 0; i < _t; i++) { interests[i] = rng.Uniform(-1, 1); }
            return new RecSlateTask([.. interests]);
        }
        int segment = rng.NextInt(_segmentCentres.Length);
        var centre = _segmentCentres[segment];
        for (int i = 0; i < _t; i++) { interests[i] = Math.Clamp(centre[i] + rng.Uniform(-_c.SegmentSpread, _c.SegmentSpread), -1, 1); }
        return new RecSlateTask([.. interests], segment);
    }

    /// <inheritdoc />
    protected override void Validate(RecSlateTask task)
    {
        if (task.Topics != _t) { throw new ArgumentException($"RecSlate-v0 has {_t} topics; the task has {task.Topics}."); }
        if (task.Interests.Any(x => !(x >= -1 && x <= 1))) { throw new ArgumentException("RecSlate interests must lie in [-1, 1]."); }
    }

    /// <inheritdoc />
    protected override void ResetEpisode(Span<float> observation, Rng rng)
    {
        CurrentTask.Interests.AsSpan().CopyTo(_interests);
        _budget = _c.TimeBudget;
        Array.Clear(_impressions);
        Array.Clear(_clicks);
        _slateLength = 0;
        _clicked = -1;
        _watch = 0;
        _qualityKey = rng.NextULong();
        _sessionFirstId = _nextId;
        if (_catTopic.Length > 0)
        {
            _baseTopic.CopyTo(_catTopic, 0);
            _baseQuality.CopyTo(_catQuality, 0);
            for (int i = 0; i < _catId.Length; i++) { _catId[i] = i; _perm[i] = i; }
            _oldest = 0;
            _nextId = Math.Max(_nextId, _catId.Length);
        }
        NextCandidates(rng, arrivals: false);
        WriteObservation(observation);
    }

    /// <inheritdoc />
    public override StepResult Step(ReadOnlySpan<float> action, Span<float> observation)
    {
        ReadSlate(action);
        var rng = EnvRandom;
        for (int j = 0; j < _slateLength; j++)
        {
            int d = _slate[j];
            _shownTopic[j] = _candTopic[d];
            _shownId[j] = _candId[d];
            _shownQuality[j] = CandidateQuality(d);
            _scores[j] = _interests[_candTopic[d]]; // interests · one-hot features
        }
        // The user's response (RecSim's simulate_response): one draw over the slate and no click.
        var weights = _weights.AsSpan(0, _slateLength);
        double none = RecSlateChoiceModel.Weights(_c, _scores.AsSpan(0, _slateLength), weights);
        double total = none;
        foreach (double w in weights) { total += w; }
        double u = rng.NextDouble() * total;
        _clicked = -1;
        for (int j = 0; j < weights.Length; j++)
        {
            if (u < weights[j]) { _clicked = j; break; }
            u -= weights[j];
        }
        _watch = 0;
        if (_clicked >= 0) { Click(rng); }
        else { _budget -= _c.StepPenalty; }
        for (int j = 0; j < _slateLength; j++) { _impressions[_shownTopic[j]]++; }
        bool terminated = _budget <= 0;
        NextCandidates(rng, arrivals: true);
        WriteObservation(observation);
        return new StepResult(_watch, terminated, false);
    }

    /// <summary>RecSim's <c>IEvUserModel.update_state</c> for a click: the interest update, then the budget's.</summary>
    private void Click(Rng rng)
    {
        int topic = _shownTopic[_clicked];
        _clicks[topic]++;
        _watch = Math.Min(_budget, _c.DocLength);
        double x = _interests[topic];
        double expectedUtility = RecSlateChoiceModel.ExpectedUtility(_c, x);
        double update = RecSlateChoiceModel.InterestAlpha(_c, x) * (1 - x); // alpha · mask · (features − interests)
        double towards = (x + 1) / 2;
        _interests[topic] = Math.Clamp(rng.NextDouble() < towards ? x + update : x - update, -1, 1);
        double received = _c.UserQualityFactor * expectedUtility + _c.DocumentQualityFactor * _shownQuality[_clicked];
        _budget -= _watch;
        _budget += _c.BudgetAlpha * _watch * received;
    }

    private void ReadSlate(ReadOnlySpan<float> action)
    {
        if (_c.IndexActions)
        {
            if (action.Length != 1 || !ActionSpace.Contains(action)) { throw new ArgumentException($"RecSlate-v0: action must be a slate index in [0, {((Discrete)ActionSpace).N}), got {(action.Length > 0 ? action[0] : float.NaN)}."); }
            SlateIndex.Decode((int)action[0], _n, _slate);
            _slateLength = _k;
            return;
        }
        if (action.Length != _k) { throw new ArgumentException($"RecSlate-v0: action must be a slate of {_k} candidate indices, got {action.Length} values."); }
        _slateLength = 0;
        for (int j = 0; j < _k; j++)
        {
            float v = action[j];
            if (!(v >= 0 && v < _n) || v != MathF.Floor(v)) { throw new ArgumentException($"RecSlate-v0: slate position {j} must be a candidate index in [0, {_n}), got {v}."); }
            int d = (int)v;
            if (_slate.AsSpan(0, _slateLength).Contains(d)) { continue; } // a repeat is shown once
            _slate[_slateLength++] = d;
        }
    }

    private (int Topic, double Quality) SampleDocument(Rng rng)
    {
        int topic = rng.NextInt(_t);
        return (topic, rng.Normal(_topicMeans[topic], _c.QualityStd));
    }

    /// <summary>The next candidates: fresh documents, or N distinct catalogue documents (a partial Fisher–Yates shuffle of
    /// the catalogue's slots) after a cold-start arrival (during a session, not at its start) may have replaced the oldest document.</summary>
    private void NextCandidates(Rng rng, bool arrivals)
    {
        if (_catTopic.Length == 0)
        {
            for (int i = 0; i < _n; i++)
            {
                _candTopic[i] = rng.NextInt(_t);
                _candId[i] = _nextId++;
            }
            return;
        }
        int m = _catTopic.Length;
        for (int i = 0; i < _n; i++)
        {
            int j = i + rng.NextInt(m - i);
            (_perm[i], _perm[j]) = (_perm[j], _perm[i]);
            _candSlot[i] = _perm[i];
        }
        if (arrivals && _c.NewItems > 0 && rng.NextDouble() < _c.NewItems)
        {
            int slot = _oldest;
            _oldest = (_oldest + 1) % m;
            (_catTopic[slot], _catQuality[slot]) = SampleDocument(rng);
            _catId[slot] = _nextId++;
            // The new document is offered now: it takes its own slot's place if that is a candidate, else a random one's.
            int at = Array.IndexOf(_candSlot, slot);
            if (at < 0)
            {
                at = rng.NextInt(_n);
                int p = Array.IndexOf(_perm, slot); // keep _perm a permutation whose first N entries are the candidates
                (_perm[at], _perm[p]) = (_perm[p], _perm[at]);
                _candSlot[at] = slot;
            }
        }
        for (int i = 0; i < _n; i++)
        {
            int s = _candSlot[i];
            (_candTopic[i], _candQuality[i], _candId[i]) = (_catTopic[s], _catQuality[s], _catId[s]);
        }
    }

    /// <summary>
    /// The quality of a fresh document: N(mean of its topic, quality_std²), as RecSim draws it, but a function of the
    /// session's quality key (drawn from the environment's generator at reset) and the document's ordinal in the session,
    /// by the Box–Muller transform of two SplitMix64 outputs. A document's quality is hidden until it is shown, so it is
    /// only computed for shown documents (and when an oracle asks), which keeps the ten Gaussian draws per step out of the
    /// step, and asking never changes the generator's stream.
    /// </summary>
    private double FreshQuality(int topic, long id)
    {
        ulong x = _qualityKey ^ (ulong)(id - _sessionFirstId) * 0xD1B54A32D192ED03UL;
        double u1 = ((Mix(ref x) >> 11) + 1) * (1.0 / (1UL << 53)); // (0, 1]
        double u2 = (Mix(ref x) >> 11) * (1.0 / (1UL << 53));       // [0, 1)
        double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return _topicMeans[topic] + _c.QualityStd * z;
    }

    private static ulong Mix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private void WriteObservation(Span<float> o)
    {
        o.Clear();
        for (int i = 0; i < _n; i++) { o[i * _t + _candTopic[i]] = 1; }
        int p = _n * _t;
        for (int j = 0; j < _slateLength; j++, p += _t + 3)
        {
            o[p + _shownTopic[j]] = 1;
            if (j == _clicked) { o[p + _t] = 1; o[p + _t + 1] = (float)_watch; }
            o[p + _t + 2] = (float)_shownQuality[j];
        }
        p = _n * _t + _k * (_t + 3);
        for (int i = 0; i < _t; i++) { o[p + i] = _impressions[i]; o[p + _t + i] = _clicks[i]; }
    }
}
