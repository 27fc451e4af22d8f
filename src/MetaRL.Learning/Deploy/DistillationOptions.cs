namespace MetaRL.Learning.Deploy;

/// <summary>
/// Policy distillation (Rusu et al., 2016, "Policy Distillation"): a smaller student is trained to match the teacher's
/// action distribution by KL(π_teacher ‖ π_student) on states gathered DAgger-style (Ross, Gordon and Bagnell, 2011):
/// the teacher drives the first round, the student every later one, and each round's states join one aggregate data
/// set that the student is fitted on. The student's value head regresses on the teacher's value, so that the student
/// run is a complete actor-critic (<c>explain</c> reports its value).
/// </summary>
public sealed class DistillationOptions
{
    /// <summary>Config assignments that turn the teacher's config into the student's (<c>hidden=[16,16]</c>); everything
    /// else, the environment and observation normalisation included, is the teacher's.</summary>
    /// <value>The default value is empty (a student of the teacher's own shape).</value>
    public IReadOnlyList<(string Key, string Value)> Student { get; init; } = [];

    /// <summary>Data-gathering rounds (the teacher acts in the first, the student in the rest).</summary>
    /// <value>The default value is 10.</value>
    public int Rounds { get; init; } = DefaultRounds;

    /// <summary>Environment steps gathered per round.</summary>
    /// <value>The default value is 2048.</value>
    public int StepsPerRound { get; init; } = DefaultStepsPerRound;

    /// <summary>Passes over the aggregate data set after each round.</summary>
    /// <value>The default value is 4.</value>
    public int Epochs { get; init; } = DefaultEpochs;

    /// <summary>States per Adam step.</summary>
    /// <value>The default value is 256.</value>
    public int MinibatchSize { get; init; } = 256;

    /// <summary>Adam step size.</summary>
    /// <value>The default value is 1e-3.</value>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>Softmax temperature applied to a categorical teacher's logits (Rusu et al. sharpen Q-value teachers with
    /// τ = 0.01; a policy teacher's own distribution is τ = 1).</summary>
    /// <value>The default value is 1.</value>
    public double Temperature { get; init; } = 1;

    /// <summary>Weight of the value regression ½(V_student − V_teacher)² beside the KL.</summary>
    /// <value>The default value is 0.5.</value>
    public double ValueCoef { get; init; } = 0.5;

    /// <summary>Global gradient-norm clip of each step.</summary>
    /// <value>The default value is 1.</value>
    public double MaxGradNorm { get; init; } = 1;

    /// <summary>Seed of the gathering episodes, the actions drawn and the minibatch order.</summary>
    /// <value>The default value is 0.</value>
    public long Seed { get; init; }

    /// <summary><see cref="Rounds"/> unless told otherwise.</summary>
    public const int DefaultRounds = 10;

    /// <summary><see cref="Epochs"/> unless told otherwise.</summary>
    public const int DefaultEpochs = 4;

    /// <summary><see cref="LearningRate"/> unless told otherwise.</summary>
    public const double DefaultLearningRate = 1e-3;

    /// <summary><see cref="StepsPerRound"/> unless told otherwise.</summary>
    public const int DefaultStepsPerRound = 2048;

    /// <summary>Reads <c>KEY=VALUE</c> assignments separated by spaces or semicolons (<c>"hidden=[16,16]"</c>).</summary>
    /// <exception cref="ConfigException">An assignment has no key.</exception>
    public static IReadOnlyList<(string Key, string Value)> ParseStudent(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) { throw new ConfigException("the student is given as KEY=VALUE assignments (\"hidden=[16,16]\"); got nothing"); }
        return [.. parts.Select(p => p.IndexOf('=', StringComparison.Ordinal) > 0
            ? ConfigLayers.ParseAssignment(p)
            : throw new ConfigException($"the student is given as KEY=VALUE assignments (\"hidden=[16,16]\"); got '{p}'"))];
    }

    /// <summary>What <c>compression.json</c>'s <c>distill</c> entry holds: these settings and the mean KL of each round's last epoch.</summary>
    public Dictionary<string, object> Report(double[] klPerRound) => new()
    {
        ["student"] = string.Join(" ", Student.Select(a => $"{a.Key}={a.Value}")),
        ["rounds"] = Rounds, ["steps_per_round"] = StepsPerRound, ["epochs"] = Epochs, ["learning_rate"] = LearningRate, ["kl_per_round"] = klPerRound, ["seed"] = Seed,
    };

    /// <summary>Throws <see cref="ConfigException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Rounds < 1) { throw new ConfigException("distillation rounds must be at least 1"); }
        if (StepsPerRound < 1) { throw new ConfigException("distillation steps per round must be at least 1"); }
        if (Epochs < 1) { throw new ConfigException("distillation epochs must be at least 1"); }
        if (MinibatchSize < 1) { throw new ConfigException("distillation minibatch size must be at least 1"); }
        if (!(LearningRate > 0)) { throw new ConfigException("distillation learning rate must be positive"); }
        if (!(Temperature > 0)) { throw new ConfigException("distillation temperature must be positive"); }
        if (!(ValueCoef >= 0)) { throw new ConfigException("distillation value coefficient must be 0 or more"); }
        if (!(MaxGradNorm > 0)) { throw new ConfigException("distillation max gradient norm must be positive"); }
    }
}
