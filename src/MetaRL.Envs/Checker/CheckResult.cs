namespace MetaRL.Envs;

/// <summary>The outcome of one check: its name, whether it passed and, when not, what went wrong.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail);
