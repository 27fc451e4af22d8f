namespace MetaRL.Learning.Decision;

/// <summary>
/// What <c>metarl pretrain-data</c> generates: <see cref="Tasks"/> rows of <see cref="Source"/> on the family
/// <see cref="Family"/> with its effective settings, from one <see cref="Seed"/>. Build it with <see cref="Resolve"/>,
/// which checks everything a user can get wrong before any work starts.
/// </summary>
public sealed record DecisionDataRequest(string Family, IReadOnlyDictionary<string, string> Settings, DecisionSource Source,
    DecisionDataOptions Options, int Tasks, long Seed)
{
    /// <summary>The source learner of an AD dataset (the family's default when <see cref="DecisionDataOptions.Learner"/> is empty); empty for DPT.</summary>
    public string Learner => Source == DecisionSource.Ad
        ? (Options.Learner.Length > 0 ? Options.Learner : DecisionFamilies.Learners(Family)[0])
        : "";

    /// <summary>
    /// Splits <paramref name="set"/> into the family's settings and the dataset options (<see cref="DecisionDataOptions"/>),
    /// and checks the whole request: a registered family that is a task distribution, a known source that the family
    /// can label, at least one task, keys and values in range. Mistakes throw <see cref="ConfigException"/> or
    /// <see cref="EnvConfigurationException"/> with a one-line message.
    /// </summary>
    public static DecisionDataRequest Resolve(string family, IReadOnlyDictionary<string, string>? set, string source, int tasks, long seed)
    {
        var spec = EnvRegistry.Describe(family);
        if (!spec.IsMeta) { throw new ConfigException($"{family} is not a task family; pretraining data needs one of {string.Join(", ", DecisionFamilies.Dpt.Union(DecisionFamilies.Ad))}."); }
        var kind = ParseSource(source);
        if (tasks < 1) { throw new ConfigException($"--tasks must be at least 1, got {tasks}."); }
        var options = new DecisionDataOptions();
        var envKeys = spec.Settings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var envSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in set ?? new Dictionary<string, string>())
        {
            if (envKeys.Contains(key)) { envSettings[key] = value; }
            else if (!OptionsBinder.TrySet(options, key, value))
            {
                throw new ConfigException($"pretrain-data: {KeySuggester.UnknownKeyMessage(key, envKeys.Concat(OptionsBinder.Keys(typeof(DecisionDataOptions))))}");
            }
        }
        options.Validate();
        var effective = EnvRegistry.Settings(family, envSettings);
        var env = EnvRegistry.Make(family, envSettings); // every setting's value is read, and so checked, once here
        CheckSourceFits(family, kind, options);
        long steps = kind == DecisionSource.Dpt ? options.Context
            : (long)(env.Find<TimeLimit>()?.MaxEpisodeSteps ?? 1) * (effective.Values.ContainsKey("episodes") ? effective.Int("episodes", 1) : 1);
        if (steps * env.ObservationSpace.Size > MaxRowValues)
        {
            throw new ConfigException($"one row would hold {steps:N0} steps × {env.ObservationSpace.Size} observation values; at most {MaxRowValues:N0} fit a row (lower context, episodes or the horizon).");
        }
        return new DecisionDataRequest(family, effective.Values.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal), kind, options, tasks, seed);
    }

    /// <summary>Most observation values one row may hold (2²⁸, 1 GiB of floats): Arrow's list offsets are 32-bit.</summary>
    public const long MaxRowValues = 1L << 28;

    /// <summary><c>dpt</c> or <c>ad</c>.</summary>
    public static DecisionSource ParseSource(string source) => source switch
    {
        "dpt" => DecisionSource.Dpt,
        "ad" => DecisionSource.Ad,
        _ => throw new ConfigException($"unknown source '{source}'; valid sources: dpt, ad."),
    };

    /// <summary>The name a source has on the command line and in dataset.json.</summary>
    public static string SourceName(DecisionSource source) => source == DecisionSource.Dpt ? "dpt" : "ad";

    private static void CheckSourceFits(string family, DecisionSource source, DecisionDataOptions options)
    {
        if (source == DecisionSource.Dpt)
        {
            if (!DecisionFamilies.Dpt.Contains(family)) { throw new ConfigException($"{family} has no oracle to label dpt queries; dpt works on {string.Join(", ", DecisionFamilies.Dpt)}."); }
            if (options.Rollin == RollIn.UniformStates && !DecisionFamilies.UniformStates.Contains(family))
            {
                throw new ConfigException($"rollin=uniform_states needs a family whose states can be drawn ({string.Join(", ", DecisionFamilies.UniformStates)}); {family} takes rollin=trajectory.");
            }
            if (options.RandomTies && family != "DarkRoom-v0")
            {
                throw new ConfigException($"random_ties applies to DarkRoom-v0's shortest paths; {family} takes random_ties=false.");
            }
            if (options.GoalQueries > 0 && !(DecisionFamilies.GoalQueries.Contains(family) && options.Rollin == RollIn.UniformStates))
            {
                throw new ConfigException($"goal_queries needs rollin=uniform_states on a family with one goal cell ({string.Join(", ", DecisionFamilies.GoalQueries)}); {family} with rollin={OptionsBinder.Format(options.Rollin)} takes goal_queries=0.");
            }
            return;
        }
        var learners = DecisionFamilies.Learners(family);
        if (learners.Count == 0) { throw new ConfigException($"{family} has no ad source learner; ad works on {string.Join(", ", DecisionFamilies.Ad)}."); }
        if (options.Learner.Length > 0 && !learners.Contains(options.Learner))
        {
            throw new ConfigException($"{family} has no ad learner '{options.Learner}'; its learners: {string.Join(", ", learners)}.");
        }
    }
}
