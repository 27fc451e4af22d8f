namespace MetaRL.Serialization;

/// <summary>A safetensors file that does not follow the format; the message names the problem in one line.</summary>
public sealed class SafeTensorsFormatException : Exception
{
    public SafeTensorsFormatException(string message) : base(message) { }

    public SafeTensorsFormatException() { }

    public SafeTensorsFormatException(string message, Exception inner) : base(message, inner) { }
}
