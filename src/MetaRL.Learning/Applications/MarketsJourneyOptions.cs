using System.Globalization;

namespace MetaRL.Learning.Applications;

/// <summary>The settings and budget of <see cref="MarketsJourney"/>; <see cref="Quick"/> is the same journey at a small budget.</summary>
public sealed class MarketsJourneyOptions
{
    /// <summary>Seed of training and of the held-out regimes. <value>The default value is 1.</value></summary>
    public long Seed { get; set; } = 1;

    /// <summary>Trading days of an episode (an RL² trial is one episode: the regime is learned within it).
    /// <value>The default value is 126 (half a year).</value></summary>
    public int Days { get; set; } = 126;

    /// <summary>Largest annual drift of a generated regime, either sign. <value>The default value is 1.0: trends strong
    /// enough to be learned within the episode (Trading-v0's own default, 0.5, is calmer).</value></summary>
    public double MaxDrift { get; set; } = 1.0;

    /// <summary>Task generator: gbm, garch or mixed. <value>The default value is gbm.</value></summary>
    public string Model { get; set; } = "gbm";

    /// <summary>RL² meta-training iterations. <value>The default value is 250.</value></summary>
    public int Rl2Iterations { get; set; } = 250;

    /// <summary>RL² trials (regimes) per iteration. <value>The default value is 64.</value></summary>
    public int TrialsPerIteration { get; set; } = 64;

    /// <summary>The RL² GRU's hidden size. <value>The default value is 64.</value></summary>
    public int HiddenSize { get; set; } = 64;

    /// <summary>Steps of the non-adaptive PPO policy (a fresh regime each episode, no memory beyond the window).
    /// <value>The default value is 1,000,000 (about as many as RL²'s 250 iterations).</value></summary>
    public long PpoSteps { get; set; } = 1_000_000;

    /// <summary>Held-out regimes every method is scored on. <value>The default value is 200.</value></summary>
    public int HeldOutTasks { get; set; } = 200;

    /// <summary>The first days scored on their own: how fast a policy adapts to a new regime. <value>The default value is 21 (a month).</value></summary>
    public int PrefixDays { get; set; } = 21;

    /// <summary>A recorded OHLCV CSV for the walk-forward table (null: none). <value>The default value is null.</value></summary>
    public string? Data { get; set; }

    /// <summary>Walk-forward blocks tested on <see cref="Data"/>. <value>The default value is 4.</value></summary>
    public int Splits { get; set; } = 4;

    /// <summary>The quick journey: 12 RL² iterations of 16 trials, 30,000 PPO steps, 20 held-out regimes.</summary>
    public static MarketsJourneyOptions Quick() => new() { Rl2Iterations = 12, TrialsPerIteration = 16, PpoSteps = 30_000, HeldOutTasks = 20 };

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (Days < 22) { throw new ArgumentException("days must be at least 22 (a month and a day)."); }
        if (!(MaxDrift >= 0 && MaxDrift <= 10)) { throw new ArgumentException("max drift must be in [0, 10]."); }
        if (Model is not ("gbm" or "garch" or "mixed")) { throw new ArgumentException("model must be gbm, garch or mixed."); }
        if (Rl2Iterations < 1 || TrialsPerIteration < 1 || HiddenSize < 1 || PpoSteps < 1 || HeldOutTasks < 2) { throw new ArgumentException("budgets must be positive (and at least 2 held-out regimes)."); }
        if (PrefixDays < 2 || PrefixDays > Days) { throw new ArgumentException($"prefix days must be in [2, {Days}]."); }
        if (Splits < 1) { throw new ArgumentException("splits must be at least 1."); }
    }

    /// <summary>The Trading-v0 settings both learners train on.</summary>
    internal IEnumerable<(string Key, string Value)> EnvPairs() =>
    [
        ("env", "Trading-v0"), ("seed", Seed.ToString(CultureInfo.InvariantCulture)), ("episodes", "1"),
        ("max_steps", Days.ToString(CultureInfo.InvariantCulture)), ("max_drift", MaxDrift.ToString(CultureInfo.InvariantCulture)), ("model", Model),
    ];

    /// <summary>RL²'s config (Duan et al. 2016's recurrent policy; PPO inner learner, GAE λ 0.95).</summary>
    internal IEnumerable<(string Key, string Value)> Rl2Pairs() =>
    [
        ("algo", "rl2"), .. EnvPairs(), ("iterations", I(Rl2Iterations)), ("trials_per_iteration", I(TrialsPerIteration)),
        ("hidden_size", I(HiddenSize)), ("learning_rate", "0.001"), ("gamma", "0.99"), ("gae_lambda", "0.95"), ("ent_coef", "0.01"),
    ];

    /// <summary>The non-adaptive policy's config: PPO's MLP on the same observation.</summary>
    internal IEnumerable<(string Key, string Value)> PpoPairs() =>
        [("algo", "ppo"), .. EnvPairs(), ("total_steps", PpoSteps.ToString(CultureInfo.InvariantCulture)), ("gamma", "0.99"), ("ent_coef", "0.01")];

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
