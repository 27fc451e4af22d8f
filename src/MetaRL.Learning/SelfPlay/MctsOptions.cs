namespace MetaRL.Learning.SelfPlay;

/// <summary>
/// Settings of PUCT tree search (AlphaZero: Silver et al. 2018, "A general reinforcement learning algorithm that masters
/// chess, shogi and Go through self-play"; the pseudocode's constants unless said otherwise).
/// </summary>
public sealed record MctsOptions
{
    /// <summary>Simulations (leaf evaluations) per search.</summary>
    /// <value>The default value is 200 (AlphaZero used 800 on far larger games).</value>
    public int Simulations { get; init; } = 200;

    /// <summary>The exploration constant c in <c>Q + c·P·√N / (1 + n)</c>.</summary>
    /// <value>The default value is 1.25 (the pseudocode's c_init).</value>
    public double CPuct { get; init; } = 1.25;

    /// <summary>The Dirichlet concentration of the root noise.</summary>
    /// <value>The default value is 1.0 (AlphaZero scaled α inversely to the number of legal moves: 0.3 for chess's ~35,
    /// 0.03 for Go's ~250; Connect Four has at most 7).</value>
    public double DirichletAlpha { get; init; } = 1.0;

    /// <summary>The share of the root priors replaced by noise when noise is asked for (self-play only).</summary>
    /// <value>The default value is 0.25.</value>
    public double NoiseFraction { get; init; } = 0.25;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Simulations < 1) { throw new ArgumentException($"mcts simulations must be ≥ 1, not {Simulations}"); }
        if (!(CPuct > 0) || !double.IsFinite(CPuct)) { throw new ArgumentException($"c_puct must be a positive number, not {CPuct}"); }
        if (!(DirichletAlpha > 0) || !double.IsFinite(DirichletAlpha)) { throw new ArgumentException($"dirichlet_alpha must be a positive number, not {DirichletAlpha}"); }
        if (!(NoiseFraction >= 0 && NoiseFraction <= 1)) { throw new ArgumentException($"noise_fraction must be in [0, 1], not {NoiseFraction}"); }
    }
}
