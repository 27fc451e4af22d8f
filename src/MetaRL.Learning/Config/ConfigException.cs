namespace MetaRL.Learning;

/// <summary>A bad configuration (unknown key, value of the wrong type or out of range): one line naming the key.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message) : base(message) { }

    public ConfigException() { }

    public ConfigException(string message, Exception inner) : base(message, inner) { }
}
