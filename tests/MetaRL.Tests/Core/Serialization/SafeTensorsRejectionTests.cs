using System.Text;
using MetaRL.Serialization;
using static MetaRL.Tests.Core.Serialization.SafeTensorsBytes;

namespace MetaRL.Tests.Core.Serialization;

/// <summary>One crafted file per way a safetensors file can be malformed; each must be refused with a
/// <see cref="SafeTensorsFormatException"/> whose message names the problem.</summary>
public sealed class SafeTensorsRejectionTests
{
    private const string GoodEntry = "\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    private static string Reject(byte[] file, string expectedInMessage)
    {
        // The strict stream fails the test if the loader ever asks for bytes past the end of the file.
        var ex = Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(new StrictStream(file)));
        Assert.Contains(expectedInMessage, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        return ex.Message;
    }

    private static string Reject(string header, byte[] data, string expectedInMessage) => Reject(Craft(header, data), expectedInMessage);

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void A_file_shorter_than_eight_bytes_is_rejected(int length) =>
        Reject(new byte[length], "shorter than the 8-byte header length");

    [Fact]
    public void A_header_length_past_the_end_of_the_file_is_rejected() =>
        Reject(Craft("{" + GoodEntry + "}", F32(1, 2), headerLength: 10_000), "runs past the end of the file");

    [Fact]
    public void A_header_length_over_100_MB_is_rejected_before_anything_is_allocated() =>
        Reject(Craft("{}", null, headerLength: 100_000_001), "exceeds the 100000000-byte limit");

    [Fact]
    public void A_header_length_near_2_to_the_64_is_rejected() =>
        Reject(Craft("{}", null, headerLength: ulong.MaxValue), "exceeds");

    [Fact]
    public void A_header_that_is_not_UTF8_is_rejected()
    {
        var header = Encoding.UTF8.GetBytes("{\"x\xff\":{}}").ToList();
        header[3] = 0xFF; // an invalid UTF-8 byte inside the name
        Reject(Craft(header.ToArray()), "not valid UTF-8");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"x\":")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",}}")]
    [InlineData("{} trailing")]
    public void A_header_that_is_not_JSON_is_rejected(string header) =>
        Reject(header, [], "header");

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public void A_header_that_is_JSON_but_not_an_object_is_rejected(string header) =>
        Reject(header, [], "not a JSON object");

    [Fact]
    public void Duplicate_tensor_names_are_rejected()
    {
        string header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        Reject(header, F32(1, 2), "duplicate tensor name 'x'");
    }

    [Fact]
    public void Duplicate_metadata_keys_are_rejected() =>
        Reject("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", [], "duplicate __metadata__ key 'a'");

    [Theory]
    [InlineData("F17", "unknown dtype 'F17'")]
    [InlineData("f32", "unknown dtype 'f32'")]
    [InlineData("F16", "does not support")]
    [InlineData("BF16", "does not support")]
    public void An_unknown_or_unsupported_dtype_is_rejected(string dtype, string message) =>
        Reject($"{{\"x\":{{\"dtype\":\"{dtype}\",\"shape\":[4],\"data_offsets\":[0,8]}}}}", Zeros(8), message);

    [Theory]
    [InlineData("[-2]")]
    [InlineData("[2.5]")]
    [InlineData("[\"2\"]")]
    [InlineData("2")]
    [InlineData("[[2]]")]
    [InlineData("[3000000000]")]
    public void A_malformed_shape_is_rejected(string shape) =>
        Reject($"{{\"x\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[0,8]}}}}", Zeros(8), "malformed shape");

    [Theory]
    [InlineData("[0]", "expected [begin, end]")]
    [InlineData("[0,4,8]", "expected [begin, end]")]
    [InlineData("[8,0]", "begin after end")]
    [InlineData("[-8,0]", "malformed data_offsets")]
    [InlineData("{\"begin\":0}", "malformed data_offsets")]
    public void Malformed_offsets_are_rejected(string offsets, string message) =>
        Reject($"{{\"x\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":{offsets}}}}}", Zeros(8), message);

    [Theory]
    [InlineData("{\"x\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "lacks 'dtype'")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "lacks 'shape'")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2]}}", "lacks 'data_offsets'")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", "repeats the field 'dtype'")]
    [InlineData("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", "unknown field 'extra'")]
    [InlineData("{\"x\":[1,2]}", "not an object")]
    public void Incomplete_or_unexpected_entry_fields_are_rejected(string header, string message) =>
        Reject(header, Zeros(8), message);

    [Fact]
    public void Offsets_with_a_hole_are_rejected()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        Reject(header, Zeros(12), "hole in the data buffer: bytes [4, 8)");
    }

    [Fact]
    public void Offsets_that_do_not_start_at_zero_are_a_hole()
    {
        Reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", Zeros(8), "hole in the data buffer: bytes [0, 4)");
    }

    [Fact]
    public void Overlapping_offsets_are_rejected()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Reject(header, Zeros(12), "overlaps tensor 'a'");
    }

    [Fact]
    public void An_empty_tensor_inside_another_tensors_bytes_is_an_overlap()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"e\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,4]}}";
        Reject(header, Zeros(8), "overlaps");
    }

    [Theory]
    [InlineData("F32", "[3]", "[0,8]", "needs 12 bytes")]
    [InlineData("F64", "[2]", "[0,8]", "needs 16 bytes")]
    [InlineData("I32", "[0]", "[0,8]", "needs 0 bytes")]
    [InlineData("F32", "[]", "[0,8]", "needs 4 bytes")]
    [InlineData("I64", "[2000000000,2000000000,2000000000]", "[0,8]", "needs more than 2^63 bytes")]
    public void A_byte_size_that_does_not_match_dtype_and_shape_is_rejected(string dtype, string shape, string offsets, string message) =>
        Reject($"{{\"x\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":{offsets}}}}}", Zeros(8), message);

    [Fact]
    public void Offsets_past_the_end_of_the_data_are_rejected() =>
        Reject("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", Zeros(8), "past the end of the 8-byte data buffer");

    [Theory]
    [InlineData("{\"n\":1}", "value for 'n' is a number")]
    [InlineData("{\"n\":{\"a\":\"b\"}}", "value for 'n' is an object")]
    [InlineData("{\"n\":null}", "value for 'n' is null")]
    [InlineData("{\"n\":[\"a\"]}", "value for 'n' is an array")]
    [InlineData("[\"a\"]", "__metadata__ is not a JSON object")]
    public void Non_string_metadata_is_rejected(string metadata, string message) =>
        Reject($"{{\"__metadata__\":{metadata},{GoodEntry}}}", Zeros(8), message);

    [Fact]
    public void Bytes_after_the_last_tensor_are_rejected() =>
        Reject("{" + GoodEntry + "}", Zeros(9), "1 bytes after the last tensor");

    [Fact]
    public void Data_without_any_tensor_is_rejected() =>
        Reject("{}", Zeros(4), "4 bytes after the last tensor");

    [Fact]
    public void Every_truncation_of_a_valid_file_is_rejected_with_a_format_error()
    {
        var stream = new MemoryStream();
        SafeTensors.Save(stream, new Dictionary<string, MetaRL.Tensors.Tensor>
        {
            ["a"] = MetaRL.Tensors.Tensor.Ones([3]),
            ["b"] = MetaRL.Tensors.Tensor.Full([2, 2], 2.0, MetaRL.Tensors.DType.Float64),
        }, new Dictionary<string, string> { ["k"] = "v" });
        var bytes = stream.ToArray();
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<SafeTensorsFormatException>(() => SafeTensors.Load(new StrictStream(bytes[..length])));
        }
        Assert.Equal(2, SafeTensors.Load(new MemoryStream(bytes)).Tensors.Count);
    }

    [Fact]
    public void Corrupting_any_header_byte_gives_a_format_error_or_a_valid_file_never_another_exception()
    {
        var stream = new MemoryStream();
        SafeTensors.Save(stream, new Dictionary<string, MetaRL.Tensors.Tensor>
        {
            ["w"] = MetaRL.Tensors.Tensor.Ones([2, 3]),
            ["n"] = MetaRL.Tensors.Tensor.FromArray(new[] { 7L }, 1),
        }, new Dictionary<string, string> { ["k"] = "v" });
        var original = stream.ToArray();
        int headerEnd = 8 + (int)BitConverter.ToUInt64(original, 0);
        byte[] replacements = [0x00, 0xFF, 0xC3, (byte)'"', (byte)'}', (byte)']', (byte)'9', (byte)'-', (byte)' ', (byte)','];
        int rejected = 0;
        for (int i = 0; i < headerEnd; i++)
        {
            foreach (byte r in replacements)
            {
                var bytes = (byte[])original.Clone();
                if (bytes[i] == r) { continue; }
                bytes[i] = r;
                try { SafeTensors.Load(new StrictStream(bytes)); }
                catch (SafeTensorsFormatException) { rejected++; }
            }
        }
        Assert.True(rejected > headerEnd, $"only {rejected} corruptions were rejected");
    }
}
