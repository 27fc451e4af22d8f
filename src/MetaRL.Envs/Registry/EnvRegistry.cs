using System.Collections.Concurrent;
using MetaRL.Memory;

namespace MetaRL.Envs;

/// <summary>
/// Environments by id (Gymnasium's <c>gym.make</c>). <see cref="Make"/> builds an environment with its
/// standard wrappers (the time limit its registration names); settings are <c>key=value</c> strings, the
/// same keys <c>metarl baselines</c> and <c>metarl train --set</c> take, checked against the id.
/// </summary>
public static class EnvRegistry
{
    private static readonly ConcurrentDictionary<string, EnvSpec> Specs = new(StringComparer.Ordinal);
    private static readonly List<string> Order = [];

    static EnvRegistry()
    {
        foreach (var spec in BuiltinEnvs.All()) { Register(spec); }
    }

    /// <summary>Registered ids, in registration order.</summary>
    public static IReadOnlyList<string> Ids
    {
        get { lock (Order) { return [.. Order]; } }
    }

    /// <summary>All registered specs, in registration order.</summary>
    public static IReadOnlyList<EnvSpec> Specifications => [.. Ids.Select(id => Specs[id])];

    /// <summary>Adds an environment (user-defined ones too); an id can be registered once.</summary>
    public static void Register(EnvSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Specs.TryAdd(spec.Id, spec)) { throw new ArgumentException($"Environment id '{spec.Id}' is already registered."); }
        lock (Order) { Order.Add(spec.Id); }
    }

    /// <summary>The spec of an id; unknown ids throw <see cref="EnvConfigurationException"/> listing the valid ones.</summary>
    public static EnvSpec Describe(string id) =>
        Specs.TryGetValue(id ?? "", out var spec) ? spec
        : throw new EnvConfigurationException($"Unknown environment id '{id}'; registered ids: {string.Join(", ", Ids)}.");

    /// <summary>Checks the settings against the id's keys and returns them with defaults filled in.</summary>
    public static EnvSettings Settings(string id, IReadOnlyDictionary<string, string>? settings = null) => new(Describe(id), settings);

    /// <summary>Builds the environment <paramref name="id"/> with the given settings, once its <see cref="Footprint"/>
    /// passes the <see cref="MemoryLimit"/> (absurd sizes are refused naming the setting, before anything is allocated).</summary>
    public static Env Make(string id, IReadOnlyDictionary<string, string>? settings = null)
    {
        var spec = Describe(id);
        return Build(spec, new EnvSettings(spec, settings));
    }

    /// <summary>What <paramref name="id"/> with these settings holds and runs (<see cref="EnvFootprint"/>), computed from the
    /// settings alone: nothing is built. The learning layer multiplies it by the environments and tasks a run holds.</summary>
    public static EnvFootprint Footprint(string id, IReadOnlyDictionary<string, string>? settings = null)
    {
        var spec = Describe(id);
        return FootprintOf(spec, new EnvSettings(spec, settings));
    }

    private static EnvFootprint FootprintOf(EnvSpec spec, EnvSettings s)
    {
        var (environment, task) = spec.Memory?.Invoke(s) ?? (new MemoryEstimate(), new MemoryEstimate());
        bool timed = spec.Settings.Any(x => x.Key == spec.HorizonKey); // an id registered without the key has no known time limit
        int steps = timed ? s.Int(spec.HorizonKey, 1) : 1;
        int episodes = s.Values.ContainsKey("episodes") ? s.Int("episodes", 1) : 1;
        return new EnvFootprint(environment, task, steps, timed ? spec.HorizonKey : "", episodes);
    }

    /// <summary>The one place an environment is built: its footprint checked, then the factory.</summary>
    private static Env Build(EnvSpec spec, EnvSettings s)
    {
        MemoryLimit.Current.Check(FootprintOf(spec, s).Environment);
        return spec.Factory(s);
    }

    /// <summary>Builds <paramref name="id"/> inside a <see cref="TrialWrapper"/> of as many episodes as its
    /// <c>episodes</c> setting says (1 for ids without one): the environment an RL² learner trains on;
    /// <paramref name="timeFeatures"/> adds the trial wrapper's time inputs.</summary>
    public static TrialWrapper MakeTrial(string id, IReadOnlyDictionary<string, string>? settings = null, bool timeFeatures = false)
    {
        var spec = Describe(id);
        var s = new EnvSettings(spec, settings);
        int episodes = s.Values.ContainsKey("episodes") ? s.Int("episodes", 1) : 1;
        return new TrialWrapper(Build(spec, s), episodes, timeFeatures);
    }
}
