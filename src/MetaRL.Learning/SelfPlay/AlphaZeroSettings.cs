namespace MetaRL.Learning.SelfPlay;

/// <summary>The flat <c>key: value</c> settings of a self-play run (its <c>config.yaml</c> and <c>--set</c>): the
/// <see cref="AlphaZeroOptions"/> under snake_case names, the seed, and the board rules <c>columns</c>, <c>rows</c>, <c>connect</c>.</summary>
public static class AlphaZeroSettings
{
    private static readonly string[] RuleKeys = ["columns", "rows", "connect"];

    /// <summary>Every key, in the order <see cref="Write"/> lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "seed", "columns", "rows", "connect", "iterations", "games_per_iteration", "simulations", "c_puct", "dirichlet_alpha", "noise_fraction",
        "temperature_plies", "replay_iterations", "train_steps", "batch_size", "learning_rate", "weight_decay", "hidden", "blocks",
        "gate_games", "gate_score", "workers",
    ];

    /// <summary>Options, seed and rules from <paramref name="pairs"/> (later pairs win; absent keys keep the defaults).
    /// An unknown key or a value that is not a number throws <see cref="ArgumentException"/> naming it.</summary>
    public static (AlphaZeroOptions Options, long Seed, ConnectFourRules Rules) Read(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var o = new AlphaZeroOptions();
        var m = o.Mcts;
        long seed = 1;
        var rules = new Dictionary<string, string>();
        foreach (var (key, text) in pairs)
        {
            if (!Keys.Contains(key)) { throw new ArgumentException($"unknown self-play setting '{key}'; known: {string.Join(", ", Keys)}"); }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            {
                throw new ArgumentException($"self-play setting {key}={text} is not a number");
            }
            int i = (int)Math.Clamp(v, int.MinValue, int.MaxValue);
            if (key is not ("c_puct" or "dirichlet_alpha" or "noise_fraction" or "learning_rate" or "weight_decay" or "gate_score") && i != v)
            {
                throw new ArgumentException($"self-play setting {key}={text} must be a whole number");
            }
            if (RuleKeys.Contains(key)) { rules[key] = i.ToString(CultureInfo.InvariantCulture); continue; }
            switch (key)
            {
                case "seed": seed = (long)v; break;
                case "iterations": o = o with { Iterations = i }; break;
                case "games_per_iteration": o = o with { GamesPerIteration = i }; break;
                case "simulations": m = m with { Simulations = i }; break;
                case "c_puct": m = m with { CPuct = v }; break;
                case "dirichlet_alpha": m = m with { DirichletAlpha = v }; break;
                case "noise_fraction": m = m with { NoiseFraction = v }; break;
                case "temperature_plies": o = o with { TemperaturePlies = i }; break;
                case "replay_iterations": o = o with { ReplayIterations = i }; break;
                case "train_steps": o = o with { TrainSteps = i }; break;
                case "batch_size": o = o with { BatchSize = i }; break;
                case "learning_rate": o = o with { LearningRate = v }; break;
                case "weight_decay": o = o with { WeightDecay = v }; break;
                case "hidden": o = o with { Hidden = i }; break;
                case "blocks": o = o with { Blocks = i }; break;
                case "gate_games": o = o with { GateGames = i }; break;
                case "gate_score": o = o with { GateScore = v }; break;
                case "workers": o = o with { Workers = i }; break;
            }
        }
        o = o with { Mcts = m };
        o.Validate();
        return (o, seed, ConnectFourRules.FromSettings(rules));
    }

    /// <summary>The resolved settings as <c>config.yaml</c> text: every key with its value.</summary>
    public static string Write(AlphaZeroOptions o, long seed, ConnectFourRules rules)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(rules);
        var f = CultureInfo.InvariantCulture;
        var lines = new (string, object)[]
        {
            ("algo", "alphazero"), ("env", "connect4"), ("seed", seed), ("columns", rules.Columns), ("rows", rules.Rows), ("connect", rules.ConnectLength),
            ("iterations", o.Iterations), ("games_per_iteration", o.GamesPerIteration), ("simulations", o.Mcts.Simulations), ("c_puct", o.Mcts.CPuct),
            ("dirichlet_alpha", o.Mcts.DirichletAlpha), ("noise_fraction", o.Mcts.NoiseFraction), ("temperature_plies", o.TemperaturePlies),
            ("replay_iterations", o.ReplayIterations), ("train_steps", o.TrainSteps), ("batch_size", o.BatchSize), ("learning_rate", o.LearningRate),
            ("weight_decay", o.WeightDecay), ("hidden", o.Hidden), ("blocks", o.Blocks), ("gate_games", o.GateGames), ("gate_score", o.GateScore),
            ("workers", o.Workers),
        };
        return string.Concat(lines.Select(l => $"{l.Item1}: {Convert.ToString(l.Item2, f)}\n"));
    }
}
