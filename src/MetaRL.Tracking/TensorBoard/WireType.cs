namespace MetaRL.Tracking.TensorBoard;

/// <summary>The protobuf wire types an Event uses: the low three bits of every field key.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
