using MetaRL.Memory;

namespace MetaRL.Envs;

/// <summary>A registered environment: its id, a one-line description, the settings keys it accepts and
/// how many episodes one RL² trial of it runs by default (the <c>episodes</c> key where it has one). Build environments with
/// <see cref="EnvRegistry.Make"/>, which checks the settings' <see cref="Memory"/> footprint before it calls
/// <see cref="Factory"/>.</summary>
public sealed record EnvSpec(string Id, string Description, IReadOnlyList<EnvSetting> Settings, Func<EnvSettings, Env> Factory)
{
    /// <summary>True when the id is a task distribution (its environment implements <see cref="ITaskEnv"/>).</summary>
    public bool IsMeta { get; init; }

    /// <summary>The setting that gives the time limit (steps per episode); empty for an id without one.</summary>
    /// <value>The default value is <c>max_steps</c>.</value>
    public string HorizonKey { get; init; } = "max_steps";

    /// <summary>What the settings make one environment and one task hold, item by item under the setting that sizes it
    /// (null: a few fixed numbers, nothing a setting can grow). Read by <see cref="EnvRegistry.Footprint"/> before the
    /// factory runs.</summary>
    public Func<EnvSettings, (MemoryEstimate Environment, MemoryEstimate Task)>? Memory { get; init; }
}
