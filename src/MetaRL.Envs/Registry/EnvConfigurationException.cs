namespace MetaRL.Envs;

/// <summary>An unknown environment id, an unknown settings key or a bad settings value; the message is
/// one line naming the problem and the valid choices (the CLI reports it with exit code 2).</summary>
public sealed class EnvConfigurationException : ArgumentException
{
    public EnvConfigurationException(string message) : base(message) { }

    public EnvConfigurationException() { }

    public EnvConfigurationException(string message, Exception inner) : base(message, inner) { }
}
