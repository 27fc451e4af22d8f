namespace MetaRL.Serialization;

/// <summary>The protobuf wire types the house writes and reads: the low three bits of every field key.</summary>
public enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
