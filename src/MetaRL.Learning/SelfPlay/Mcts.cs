namespace MetaRL.Learning.SelfPlay;

/// <summary>
/// Monte-Carlo tree search with the PUCT rule of AlphaZero: from the root, repeatedly descend by
/// <c>argmax Q(s,a) + c·P(s,a)·√N(s) / (1 + N(s,a))</c> to a position not yet expanded, evaluate it once
/// (<see cref="IPolicyValueEvaluator"/>: priors and value; a finished game gives its own value) and back the value up,
/// negated at every ply. Unvisited actions count Q = 0. The result is the root's visit counts, the policy target of
/// self-play. One tree per search; not thread-safe (one <see cref="Mcts"/> per worker).
/// </summary>
public sealed class Mcts
{
    private readonly IGame _game;
    private readonly IPolicyValueEvaluator _evaluator;
    private readonly MctsOptions _options;

    /// <summary>A search over <paramref name="game"/> guided by <paramref name="evaluator"/>.</summary>
    public Mcts(IGame game, IPolicyValueEvaluator evaluator, MctsOptions options)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _game = game;
        _evaluator = evaluator;
        _options = options;
    }

    /// <summary>Searches from <paramref name="root"/> (unfinished) and returns the root's visit counts per action and its
    /// mean value for the player to move. <paramref name="rootNoise"/> mixes Dirichlet noise into the root priors.</summary>
    public MctsResult Search(IGameState root, Rng rng, bool rootNoise = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(rng);
        if (root.IsTerminal) { throw new ArgumentException("cannot search a finished game", nameof(root)); }
        var top = new Node(root, _game.ActionCount);
        Expand(top, rng);
        if (rootNoise && _options.NoiseFraction > 0) { AddNoise(top, rng); }
        var path = new List<(Node Node, int Action)>();
        for (int sim = 1; sim < _options.Simulations; sim++)
        {
            path.Clear();
            var node = top;
            float value;
            while (true)
            {
                int a = Select(node);
                path.Add((node, a));
                var child = node.Children[a] ??= new Node(node.State.Play(a), _game.ActionCount);
                if (child.State.IsTerminal) { value = child.State.TerminalValue; break; }
                if (!child.Expanded) { value = Expand(child, rng); break; }
                node = child;
            }
            // value is for the mover at the leaf; each edge above belongs to the other player, alternately
            for (int i = path.Count - 1; i >= 0; i--)
            {
                value = -value;
                var (n, a) = path[i];
                n.Visits[a]++;
                n.ValueSum[a] += value;
                n.TotalVisits++;
            }
        }
        var counts = new float[_game.ActionCount];
        double q = 0;
        for (int a = 0; a < counts.Length; a++)
        {
            counts[a] = top.Visits[a];
            q += top.ValueSum[a];
        }
        return new MctsResult(counts, top.TotalVisits > 0 ? (float)(q / top.TotalVisits) : top.RootValue);
    }

    private float Expand(Node node, Rng rng)
    {
        float value = _evaluator.Evaluate(node.State, node.Prior, rng);
        Span<bool> legal = stackalloc bool[node.Prior.Length];
        node.State.LegalMask(legal);
        float sum = 0;
        for (int a = 0; a < legal.Length; a++)
        {
            if (!legal[a] || !(node.Prior[a] > 0)) { node.Prior[a] = legal[a] ? 0f : float.NaN; }
            sum += legal[a] ? node.Prior[a] : 0f;
        }
        int legalCount = 0;
        foreach (bool l in legal) { legalCount += l ? 1 : 0; }
        for (int a = 0; a < legal.Length; a++)
        {
            // NaN marks an illegal action; a legal one the evaluator gave no mass shares a uniform prior instead
            if (legal[a]) { node.Prior[a] = sum > 0 ? node.Prior[a] / sum : 1f / legalCount; }
        }
        node.Expanded = true;
        node.RootValue = value;
        return value;
    }

    private void AddNoise(Node node, Rng rng)
    {
        Span<double> noise = stackalloc double[node.Prior.Length];
        double total = 0;
        for (int a = 0; a < noise.Length; a++)
        {
            noise[a] = float.IsNaN(node.Prior[a]) ? 0 : rng.Gamma(_options.DirichletAlpha);
            total += noise[a];
        }
        if (!(total > 0)) { return; }
        double eps = _options.NoiseFraction;
        for (int a = 0; a < noise.Length; a++)
        {
            if (!float.IsNaN(node.Prior[a])) { node.Prior[a] = (float)((1 - eps) * node.Prior[a] + eps * noise[a] / total); }
        }
    }

    private int Select(Node node)
    {
        double sqrtN = Math.Sqrt(Math.Max(1, node.TotalVisits));
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int a = 0; a < node.Prior.Length; a++)
        {
            float p = node.Prior[a];
            if (float.IsNaN(p)) { continue; }
            int n = node.Visits[a];
            double q = n > 0 ? node.ValueSum[a] / n : 0;
            double score = q + _options.CPuct * p * sqrtN / (1 + n);
            if (score > bestScore)
            {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }

    private sealed class Node(IGameState state, int actions)
    {
        public IGameState State { get; } = state;
        public float[] Prior { get; } = new float[actions];
        public int[] Visits { get; } = new int[actions];
        public double[] ValueSum { get; } = new double[actions];
        public Node?[] Children { get; } = new Node?[actions];
        public int TotalVisits { get; set; }
        public bool Expanded { get; set; }
        public float RootValue { get; set; }
    }
}

/// <summary>A search's root visit counts per action (illegal actions 0) and the root's mean value for the player to move.</summary>
public sealed record MctsResult(float[] VisitCounts, float Value)
{
    /// <summary>The action to play at temperature <paramref name="temperature"/>: 0 plays the most visited (lowest index on a tie),
    /// τ &gt; 0 samples in proportion to <c>N^(1/τ)</c>.</summary>
    public int Choose(double temperature, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (temperature <= 0)
        {
            int best = 0;
            for (int a = 1; a < VisitCounts.Length; a++)
            {
                if (VisitCounts[a] > VisitCounts[best]) { best = a; }
            }
            return best;
        }
        var weights = Policy(temperature);
        double u = rng.NextDouble(), acc = 0;
        int last = 0;
        for (int a = 0; a < weights.Length; a++)
        {
            if (weights[a] <= 0) { continue; }
            last = a;
            acc += weights[a];
            if (u < acc) { return a; }
        }
        return last;
    }

    /// <summary>Visit counts raised to 1/τ and normalised (τ = 1: the self-play policy target).</summary>
    public float[] Policy(double temperature = 1.0)
    {
        var p = new float[VisitCounts.Length];
        double max = VisitCounts.Max(), sum = 0;
        if (max <= 0) { return p; }
        for (int a = 0; a < p.Length; a++)
        {
            // scaled by the largest count first so that a small τ does not overflow
            double w = VisitCounts[a] > 0 ? Math.Pow(VisitCounts[a] / max, 1.0 / temperature) : 0;
            p[a] = (float)w;
            sum += w;
        }
        for (int a = 0; a < p.Length; a++) { p[a] = (float)(p[a] / sum); }
        return p;
    }
}
