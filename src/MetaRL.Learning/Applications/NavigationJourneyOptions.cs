using System.Globalization;

namespace MetaRL.Learning.Applications;

/// <summary>The settings and budget of <see cref="NavigationJourney"/>; <see cref="Quick"/> is the same journey at a small budget.</summary>
public sealed class NavigationJourneyOptions
{
    /// <summary>Seed of training and of the evaluation episodes. <value>The default value is 1.</value></summary>
    public long Seed { get; set; } = 1;

    /// <summary>Episodes per RL² trial on one map: the first explores it, the later ones may use what the recurrent state
    /// remembers of it. The methods are scored on every episode. <value>The default value is 2.</value></summary>
    public int Episodes { get; set; } = 2;

    /// <summary>Training maps (split train, maps 0 … n − 1) both learners train on. <value>The default value is 2,000.</value></summary>
    public int TrainMaps { get; set; } = 2000;

    /// <summary>Held-out maps (split test, other seeds) every method is scored on. <value>The default value is 200.</value></summary>
    public int HeldOutMaps { get; set; } = 200;

    /// <summary>RL² meta-training iterations. <value>The default value is 300.</value></summary>
    public int Rl2Iterations { get; set; } = 300;

    /// <summary>RL² trials (maps) per iteration. <value>The default value is 64.</value></summary>
    public int TrialsPerIteration { get; set; } = 64;

    /// <summary>The RL² GRU's hidden size. <value>The default value is 64.</value></summary>
    public int HiddenSize { get; set; } = 64;

    /// <summary>Steps of the non-adaptive PPO policy (a training map each episode, an MLP without memory).
    /// <value>The default value is 2,000,000.</value></summary>
    public long PpoSteps { get; set; } = 2_000_000;

    /// <summary>Nav2DObstacles-v0 settings (the <c>--set</c> keys) that change the maps, the robot or the reward; the map
    /// split and set size are the journey's. <value>The default value is none (the environment's defaults).</value></summary>
    public IReadOnlyDictionary<string, string> EnvSettings { get; set; } = new Dictionary<string, string>();

    /// <summary>The quick journey: 15 RL² iterations of 16 trials, 40,000 PPO steps, 30 held-out maps.</summary>
    public static NavigationJourneyOptions Quick() => new() { Rl2Iterations = 15, TrialsPerIteration = 16, PpoSteps = 40_000, HeldOutMaps = 30 };

    /// <summary>Checks the settings.</summary>
    public void Validate()
    {
        if (Episodes < 1 || Episodes > 100) { throw new ArgumentException("episodes per trial must be 1 … 100."); }
        if (TrainMaps < 1 || HeldOutMaps < 2) { throw new ArgumentException("at least 1 training map and 2 held-out maps are needed."); }
        if (Rl2Iterations < 1 || TrialsPerIteration < 1 || HiddenSize < 1 || PpoSteps < 1) { throw new ArgumentException("budgets must be positive."); }
        foreach (var key in new[] { "split", "maps", "episodes", "env" })
        {
            if (EnvSettings.ContainsKey(key)) { throw new ArgumentException($"--set {key}: the journey sets it (training maps, held-out maps, episodes per trial)."); }
        }
    }

    /// <summary>The environment settings of training: the user's, then the training maps and the trial length.</summary>
    public IReadOnlyDictionary<string, string> TrainSettings() =>
        new Dictionary<string, string>(EnvSettings) { ["split"] = "train", ["maps"] = I(TrainMaps), ["episodes"] = I(Episodes) };

    /// <summary>The Nav2DObstacles-v0 settings both learners train on, as config pairs.</summary>
    internal IEnumerable<(string Key, string Value)> EnvPairs() =>
        [("env", "Nav2DObstacles-v0"), ("seed", Seed.ToString(CultureInfo.InvariantCulture)), .. TrainSettings().Select(kv => (kv.Key, kv.Value))];

    /// <summary>RL²'s config (Duan et al. 2016's recurrent policy; recurrent PPO inner learner, GAE λ 0.95).</summary>
    internal IEnumerable<(string Key, string Value)> Rl2Pairs() =>
    [
        ("algo", "rl2"), .. EnvPairs(), ("iterations", I(Rl2Iterations)), ("trials_per_iteration", I(TrialsPerIteration)),
        ("hidden_size", I(HiddenSize)), ("learning_rate", "0.001"), ("gamma", "0.99"), ("gae_lambda", "0.95"), ("ent_coef", "0.01"),
    ];

    /// <summary>The non-adaptive policy's config: PPO's MLP on the same observation (one episode per map draw).</summary>
    internal IEnumerable<(string Key, string Value)> PpoPairs() =>
        [("algo", "ppo"), .. EnvPairs().Where(p => p.Key != "episodes"), ("total_steps", PpoSteps.ToString(CultureInfo.InvariantCulture)), ("gamma", "0.99"), ("ent_coef", "0.0")];

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
