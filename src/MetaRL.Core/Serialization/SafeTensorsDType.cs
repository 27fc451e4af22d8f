namespace MetaRL.Serialization;

/// <summary>The dtype names of the safetensors header that MetaRL reads and writes.</summary>
public static class SafeTensorsDType
{
    // Names the format defines that MetaRL's tensors cannot hold; reported as unsupported rather than unknown.
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "BOOL", "U8", "U16", "I16", "U32", "U64", "F16", "BF16", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64",
    };

    /// <summary>The header name of a dtype (<c>F32</c>, <c>F64</c>, <c>I32</c>, <c>I64</c>, <c>I8</c>).</summary>
    public static string Name(DType dtype) => dtype switch
    {
        DType.Float32 => "F32",
        DType.Float64 => "F64",
        DType.Int32 => "I32",
        DType.Int8 => "I8",
        DType.Int64 => "I64",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "no safetensors name"),
    };

    /// <summary>Parses a header dtype name, or throws a <see cref="SafeTensorsFormatException"/> naming the tensor.</summary>
    public static DType Parse(string name, string tensor) => name switch
    {
        "F32" => DType.Float32,
        "F64" => DType.Float64,
        "I32" => DType.Int32,
        "I8" => DType.Int8,
        "I64" => DType.Int64,
        _ when Unsupported.Contains(name) => throw new SafeTensorsFormatException($"tensor '{tensor}' has dtype {name}, which MetaRL does not support (only F32, F64, I32, I64, I8)"),
        _ => throw new SafeTensorsFormatException($"tensor '{tensor}' has unknown dtype '{name}'"),
    };
}
