using System.Globalization;

namespace MetaRL.Autograd;

/// <summary>Raised when anomaly detection finds NaN or Inf; names the op and, where known, the tensor.</summary>
public sealed class NonFiniteException : Exception
{
    public NonFiniteException(string op, string? tensorName, int index, double value)
        : base($"Non-finite value {value.ToString(CultureInfo.InvariantCulture)} at element {index} of the result of '{op}'" +
               (tensorName is null ? "." : $" (tensor '{tensorName}')."))
    {
        Op = op;
        TensorName = tensorName;
    }

    public NonFiniteException() { Op = string.Empty; }

    public NonFiniteException(string message) : base(message) { Op = string.Empty; }

    public NonFiniteException(string message, Exception inner) : base(message, inner) { Op = string.Empty; }

    /// <summary>The op whose result was not finite.</summary>
    public string Op { get; }

    /// <summary>The tensor's name, when it had one.</summary>
    public string? TensorName { get; }
}
