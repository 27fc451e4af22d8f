using Google.Protobuf;
using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tests.Tracking;

/// <summary>The hand-encoded events checked with Google.Protobuf's own wire reader.</summary>
public sealed class EventProtoTests
{
    [Theory]
    [InlineData(1_700_000_123.75, 42L, "episode/return", 123.5f)]
    [InlineData(1.0, -7L, "loss/π ≥ 0", -0.25f)]
    [InlineData(0.5, 0L, "zero/value", 0f)]
    public void Scalar_event_decodes_with_google_protobuf_to_the_same_fields(double wall, long step, string tag, float value)
    {
        var input = new CodedInputStream(EventProto.ScalarEvent(wall, step, tag, value));
        double gotWall = 0; long gotStep = 0; string? gotTag = null; float? gotValue = null;
        for (uint t; (t = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(t))
            {
                case 1: Assert.Equal(WireFormat.WireType.Fixed64, WireFormat.GetTagWireType(t)); gotWall = input.ReadDouble(); break;
                case 2: Assert.Equal(WireFormat.WireType.Varint, WireFormat.GetTagWireType(t)); gotStep = input.ReadInt64(); break;
                case 5:
                    var summary = new CodedInputStream(input.ReadBytes().ToByteArray());
                    Assert.Equal(1, WireFormat.GetTagFieldNumber(summary.ReadTag()));
                    var v = new CodedInputStream(summary.ReadBytes().ToByteArray());
                    for (uint vt; (vt = v.ReadTag()) != 0;)
                    {
                        if (WireFormat.GetTagFieldNumber(vt) == 1) { gotTag = v.ReadString(); }
                        else
                        {
                            Assert.Equal(2, WireFormat.GetTagFieldNumber(vt));
                            Assert.Equal(WireFormat.WireType.Fixed32, WireFormat.GetTagWireType(vt));
                            gotValue = v.ReadFloat();
                        }
                    }
                    Assert.Equal(0u, summary.ReadTag());
                    break;
                default: Assert.Fail($"unexpected field {WireFormat.GetTagFieldNumber(t)}"); break;
            }
        }
        Assert.Equal(wall, gotWall);
        Assert.Equal(step, gotStep);
        Assert.Equal(tag, gotTag);
        Assert.Equal(value, gotValue);
        var ours = TensorBoardEvent.Decode(EventProto.ScalarEvent(wall, step, tag, value), 0);
        Assert.Equal(new ScalarValue(tag, value), Assert.Single(ours.Scalars));
        Assert.Equal(step, ours.Step);
    }

    [Fact]
    public void File_version_event_decodes_with_google_protobuf()
    {
        var input = new CodedInputStream(EventProto.FileVersionEvent(12.5));
        Assert.Equal(WireFormat.MakeTag(1, WireFormat.WireType.Fixed64), input.ReadTag());
        Assert.Equal(12.5, input.ReadDouble());
        Assert.Equal(WireFormat.MakeTag(3, WireFormat.WireType.LengthDelimited), input.ReadTag());
        Assert.Equal("brain.Event:2", input.ReadString());
        Assert.True(input.IsAtEnd);
    }
}
