namespace MetaRL.Learning.SelfPlay;

/// <summary>
/// The AlphaZero loop (Silver et al. 2017; 2018) read top to bottom in <see cref="RunIteration"/>: the best network plays
/// <see cref="AlphaZeroOptions.GamesPerIteration"/> games against itself with PUCT search (root noise, a temperature
/// schedule), in parallel, each game on its own random stream split from the run's; their positions join a window of the
/// last <see cref="AlphaZeroOptions.ReplayIterations"/> iterations; the candidate network takes
/// <see cref="AlphaZeroOptions.TrainSteps"/> AdamW steps on uniform minibatches of the window (policy cross-entropy to the
/// visit distribution plus squared error to the outcome); then it plays the best network and replaces it when it scores
/// at least the gate.
/// </summary>
public sealed class AlphaZero
{
    private readonly IGame _game;
    private readonly AlphaZeroOptions _options;
    private Rng _rng;
    private readonly Queue<List<TrainingExample>> _window = new();
    private readonly Adam _adam;

    /// <summary>A new run on <paramref name="game"/>: best and candidate start as the same random network.</summary>
    public AlphaZero(IGame game, AlphaZeroOptions options, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        _game = game;
        _options = options;
        _rng = rng;
        Candidate = new PolicyValueNet(game.FeatureCount, game.ActionCount, options.Hidden, options.Blocks, rng);
        Best = new PolicyValueNet(game.FeatureCount, game.ActionCount, options.Hidden, options.Blocks, rng);
        Best.CopyParametersFrom(Candidate);
        _adam = new Adam(Candidate.Parameters(), new AdamOptions { LearningRate = options.LearningRate, WeightDecay = options.WeightDecay, Decoupled = true });
    }

    /// <summary>The network that plays self-play games.</summary>
    public PolicyValueNet Best { get; }

    /// <summary>The network being trained.</summary>
    public PolicyValueNet Candidate { get; }

    /// <summary>The optimiser of <see cref="Candidate"/> (its state belongs in a checkpoint).</summary>
    public Optimizer Optimizer => _adam;

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; set; }

    /// <summary>Self-play games played so far.</summary>
    public long Games { get; set; }

    /// <summary>Replaces the run's random stream (a resumed run continues on a stream derived from its seed and iteration).</summary>
    public void Reseed(Rng rng) => _rng = rng ?? throw new ArgumentNullException(nameof(rng));

    /// <summary>Positions in the replay window.</summary>
    public int WindowPositions => _window.Sum(w => w.Count);

    /// <summary>One iteration: self-play, training, gating.</summary>
    public AlphaZeroIteration RunIteration()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // self-play by the best network, one random stream per game so the result does not depend on scheduling
        var seeds = new Rng[_options.GamesPerIteration];
        for (int g = 0; g < seeds.Length; g++) { seeds[g] = _rng.Split(); }
        var games = new List<TrainingExample>[seeds.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Workers > 0 ? _options.Workers : Environment.ProcessorCount };
        Parallel.For(0, seeds.Length, parallel, g =>
        {
            var search = new Mcts(_game, new NetworkEvaluator(_game, Best), _options.Mcts);
            games[g] = SelfPlayGame.Play(_game, search, _options.TemperaturePlies, seeds[g]);
        });
        var positions = games.SelectMany(x => x).ToList();
        _window.Enqueue(positions);
        while (_window.Count > _options.ReplayIterations) { _window.Dequeue(); }
        Games += seeds.Length;
        double selfPlaySeconds = clock.Elapsed.TotalSeconds;

        var (policyLoss, valueLoss) = Train();
        double trainSeconds = clock.Elapsed.TotalSeconds - selfPlaySeconds;

        double gate = double.NaN;
        bool accepted = true;
        if (_options.GateGames > 0)
        {
            gate = Arena(Candidate, Best, _options.GateGames, parallel);
            accepted = gate >= _options.GateScore;
        }
        if (accepted) { Best.CopyParametersFrom(Candidate); }
        Iteration++;
        return new AlphaZeroIteration(Iteration, Games, positions.Count, WindowPositions, policyLoss, valueLoss, gate, accepted,
            selfPlaySeconds, trainSeconds, clock.Elapsed.TotalSeconds - selfPlaySeconds - trainSeconds);
    }

    private (double Policy, double Value) Train()
    {
        var all = _window.SelectMany(w => w).ToList();
        double policySum = 0, valueSum = 0;
        int f = _game.FeatureCount, a = _game.ActionCount, b = _options.BatchSize;
        var x = new float[b * f];
        var pi = new float[b * a];
        var z = new float[b];
        for (int step = 0; step < _options.TrainSteps; step++)
        {
            for (int i = 0; i < b; i++)
            {
                var e = all[_rng.NextInt(all.Count)];
                e.Features.CopyTo(x, i * f);
                e.Policy.CopyTo(pi, i * a);
                z[i] = e.Outcome;
            }
            using var scope = TensorArena.Step();
            var (logits, value) = Candidate.Forward(Tensor.FromArray(x, b, f));
            var policyLoss = Ops.Neg(Ops.Mean(Ops.Sum(Ops.Mul(Tensor.FromArray(pi, b, a), Ops.LogSoftmax(logits, -1)), 1)));
            var diff = Ops.Sub(Ops.Reshape(value, b), Tensor.FromArray(z, b));
            var valueLoss = Ops.Mean(Ops.Mul(diff, diff));
            var loss = Ops.Add(policyLoss, valueLoss);
            _adam.ZeroGrad();
            loss.Backward();
            _adam.Step();
            double l = loss.Item();
            FiniteCheck.Value(l, "alphazero loss", Iteration);
            policySum += policyLoss.Item();
            valueSum += valueLoss.Item();
        }
        int n = Math.Max(1, _options.TrainSteps);
        return (policySum / n, valueSum / n);
    }

    /// <summary>The score of <paramref name="player"/> against <paramref name="opponent"/> over <paramref name="games"/> games,
    /// half with each colour, both searching without noise and playing the most visited move after two plies at temperature 1
    /// (so that the games differ).</summary>
    private double Arena(PolicyValueNet player, PolicyValueNet opponent, int games, ParallelOptions parallel)
    {
        var seeds = new Rng[games];
        for (int g = 0; g < games; g++) { seeds[g] = _rng.Split(); }
        var scores = new double[games];
        Parallel.For(0, games, parallel, g =>
        {
            var mine = SearchPlayer(new Mcts(_game, new NetworkEvaluator(_game, player), _options.Mcts));
            var theirs = SearchPlayer(new Mcts(_game, new NetworkEvaluator(_game, opponent), _options.Mcts));
            scores[g] = SelfPlayGame.Alternating(_game, mine, theirs, g, seeds[g]);
        });
        return scores.Average();
    }

    /// <summary>A move chooser from a search: temperature 1 for the first two plies, then the most visited move.</summary>
    public static Func<IGameState, Rng, int> SearchPlayer(Mcts search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return (s, rng) => search.Search(s, rng).Choose(s.Plies < 2 ? 1.0 : 0.0, rng);
    }
}

/// <summary>What one AlphaZero iteration did and how long each phase took.</summary>
public sealed record AlphaZeroIteration(int Iteration, long Games, int NewPositions, int WindowPositions, double PolicyLoss, double ValueLoss,
    double GateScore, bool Accepted, double SelfPlaySeconds, double TrainSeconds, double GateSeconds);
