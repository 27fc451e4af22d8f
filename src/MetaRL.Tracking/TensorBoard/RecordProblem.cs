namespace MetaRL.Tracking.TensorBoard;

/// <summary>What is wrong with a record.</summary>
public enum RecordProblemKind
{
    /// <summary>The file ends inside a record's 12-byte header.</summary>
    TruncatedHeader,
    /// <summary>The file ends inside a record's data or its trailing CRC.</summary>
    TruncatedData,
    /// <summary>The masked CRC of the length bytes does not match: the length cannot be trusted.</summary>
    LengthChecksumMismatch,
    /// <summary>The masked CRC of the data does not match: the record is skipped.</summary>
    DataChecksumMismatch,
    /// <summary>Both CRCs match but the data is not a valid Event protobuf.</summary>
    MalformedEvent,
}

/// <summary>A corrupted or truncated record found by <see cref="EventFileReader"/>, at a byte offset.</summary>
public sealed record RecordProblem(long Offset, RecordProblemKind Kind, string Message)
{
    public override string ToString() => $"byte {Offset}: {Message}";
}
