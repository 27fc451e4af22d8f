namespace MetaRL.Learning.SelfPlay;

/// <summary>
/// Settings of the AlphaZero loop (Silver et al. 2017, "Mastering the game of Go without human knowledge": self-play by
/// the best network, training on a window of recent games, a new network replaces the best only when it wins the
/// evaluation match at the gate rate). Sizes are scaled down for a 2-core CPU and a 42-cell game.
/// </summary>
public sealed record AlphaZeroOptions
{
    /// <summary>Iterations of self-play, training and gating.</summary>
    /// <value>The default value is 50.</value>
    public int Iterations { get; init; } = 50;

    /// <summary>Self-play games per iteration.</summary>
    /// <value>The default value is 32.</value>
    public int GamesPerIteration { get; init; } = 32;

    /// <summary>Tree search of self-play and gating.</summary>
    /// <value>The default value is <see cref="MctsOptions"/>' defaults with 100 simulations.</value>
    public MctsOptions Mcts { get; init; } = new() { Simulations = 100 };

    /// <summary>Plies of each self-play game played at temperature 1 (in proportion to visits); later plies play the most visited move.</summary>
    /// <value>The default value is 10 (AlphaGo Zero: 30 of Go's ~200-ply games).</value>
    public int TemperaturePlies { get; init; } = 10;

    /// <summary>How many recent iterations' positions the replay window keeps.</summary>
    /// <value>The default value is 10.</value>
    public int ReplayIterations { get; init; } = 10;

    /// <summary>Gradient steps per iteration.</summary>
    /// <value>The default value is 100.</value>
    public int TrainSteps { get; init; } = 100;

    /// <summary>Positions per gradient step.</summary>
    /// <value>The default value is 128.</value>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's learning rate.</summary>
    /// <value>The default value is 1e-3.</value>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decoupled weight decay (AdamW; AlphaGo Zero's L2 term c = 1e-4).</summary>
    /// <value>The default value is 1e-4.</value>
    public double WeightDecay { get; init; } = 1e-4;

    /// <summary>Width of the residual MLP.</summary>
    /// <value>The default value is 128.</value>
    public int Hidden { get; init; } = 128;

    /// <summary>Residual blocks.</summary>
    /// <value>The default value is 3.</value>
    public int Blocks { get; init; } = 3;

    /// <summary>Evaluation games of the new network against the best (half with each colour); 0 accepts every new network.</summary>
    /// <value>The default value is 20 (AlphaGo Zero: 400).</value>
    public int GateGames { get; init; } = 20;

    /// <summary>The score (win 1, draw ½) the new network needs against the best to replace it.</summary>
    /// <value>The default value is 0.55 (AlphaGo Zero's gate).</value>
    public double GateScore { get; init; } = 0.55;

    /// <summary>Parallel self-play workers (0: one per core).</summary>
    /// <value>The default value is 0.</value>
    public int Workers { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Mcts);
        Mcts.Validate();
        if (Iterations < 1) { throw new ArgumentException($"iterations must be ≥ 1, not {Iterations}"); }
        if (GamesPerIteration < 1) { throw new ArgumentException($"games_per_iteration must be ≥ 1, not {GamesPerIteration}"); }
        if (TemperaturePlies < 0) { throw new ArgumentException($"temperature_plies must be ≥ 0, not {TemperaturePlies}"); }
        if (ReplayIterations < 1) { throw new ArgumentException($"replay_iterations must be ≥ 1, not {ReplayIterations}"); }
        if (TrainSteps < 0) { throw new ArgumentException($"train_steps must be ≥ 0, not {TrainSteps}"); }
        if (BatchSize < 1) { throw new ArgumentException($"batch_size must be ≥ 1, not {BatchSize}"); }
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) { throw new ArgumentException($"learning_rate must be a positive number, not {LearningRate}"); }
        if (!(WeightDecay >= 0) || !double.IsFinite(WeightDecay)) { throw new ArgumentException($"weight_decay must be ≥ 0, not {WeightDecay}"); }
        if (Hidden < 1 || Blocks < 0) { throw new ArgumentException($"hidden must be ≥ 1 and blocks ≥ 0, not {Hidden} and {Blocks}"); }
        if (GateGames < 0) { throw new ArgumentException($"gate_games must be ≥ 0, not {GateGames}"); }
        if (!(GateScore >= 0 && GateScore <= 1)) { throw new ArgumentException($"gate_score must be in [0, 1], not {GateScore}"); }
        if (Workers < 0) { throw new ArgumentException($"workers must be ≥ 0, not {Workers}"); }
    }
}
