namespace MetaRL.Serialization;

/// <summary>One tensor's header entry: name, dtype, shape, and its byte range within the data buffer
/// (relative to the first byte after the header).</summary>
public sealed record SafeTensorsEntry(string Name, DType DType, int[] Shape, long Begin, long End)
{
    /// <summary>Number of data bytes.</summary>
    public long ByteLength => End - Begin;
}

/// <summary>A parsed and validated header: entries in data order, the <c>__metadata__</c> map (empty when
/// absent), and the header's length in bytes (the <c>N</c> of the 8-byte prefix).</summary>
public sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata, long HeaderLength);

/// <summary>What <see cref="SafeTensors.Load(string)"/> returns: tensors by name and the metadata map.</summary>
public sealed record SafeTensorsContent(Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata)
{
    /// <summary>The validated header the tensors were read by.</summary>
    public required SafeTensorsHeader Header { get; init; }
}
