namespace MetaRL.Envs;

/// <summary>A registered environment: its id, a one-line description, the settings keys it accepts and
/// how many episodes one RL² trial of it runs by default (the <c>episodes</c> key where it has one).</summary>
public sealed record EnvSpec(string Id, string Description, IReadOnlyList<EnvSetting> Settings, Func<EnvSettings, Env> Factory)
{
    /// <summary>True when the id is a task distribution (its environment implements <see cref="ITaskEnv"/>).</summary>
    public bool IsMeta { get; init; }
}
