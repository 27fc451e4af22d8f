namespace MetaRL.Envs;

/// <summary>One settings key an environment id accepts (<c>--set key=value</c>), with its default.</summary>
public sealed record EnvSetting(string Key, string Default, string Description);
