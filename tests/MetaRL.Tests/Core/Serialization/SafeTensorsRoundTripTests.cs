using System.Buffers.Binary;
using System.Text;
using MetaRL.Serialization;
using MetaRL.Tensors;
using static MetaRL.Tests.Core.Serialization.SafeTensorsBytes;

namespace MetaRL.Tests.Core.Serialization;

public sealed class SafeTensorsRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("metarl-st-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static void SameTensor(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.DType, actual.DType);
        Assert.Equal(expected.ShapeArray(), actual.ShapeArray());
        Assert.True(expected.Bytes.SequenceEqual(actual.Bytes), "tensor bytes differ");
    }

    [Fact]
    public void All_four_dtypes_round_trip_bit_for_bit_including_special_values()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = Tensor.FromArray(new[] { 1.5f, -0.0f, float.NaN, float.PositiveInfinity, float.Epsilon, float.MaxValue }, 2, 3),
            ["f64"] = Tensor.FromArray(new[] { Math.PI, double.NegativeInfinity, -double.Epsilon, 1e300 }, 4, 1),
            ["i32"] = Tensor.FromArray(new[] { int.MinValue, -1, 0, int.MaxValue }, 2, 2),
            ["i64"] = Tensor.FromArray(new[] { long.MinValue, 42L, long.MaxValue }, 3),
        };
        string path = PathOf("all.safetensors");
        SafeTensors.Save(path, tensors);
        var (loaded, metadata) = SafeTensors.Load(path);
        Assert.Empty(metadata);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors) { SameTensor(t, loaded[name]); }
    }

    [Fact]
    public void Empty_and_zero_rank_tensors_round_trip()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["empty"] = Tensor.Zeros([0]),
            ["empty2d"] = Tensor.Zeros([3, 0], DType.Int64),
            ["scalar"] = Tensor.Scalar(2.5, DType.Float64),
            ["scalar_i32"] = Tensor.Scalar(-7, DType.Int32),
        };
        string path = PathOf("edge.safetensors");
        SafeTensors.Save(path, tensors);
        var (loaded, _) = SafeTensors.Load(path);
        foreach (var (name, t) in tensors) { SameTensor(t, loaded[name]); }
        Assert.Equal(0, loaded["scalar"].Rank);
        Assert.Equal(2.5, loaded["scalar"].Item());
    }

    [Fact]
    public void Metadata_round_trips_with_quotes_and_unicode()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "say \"hi\" — θ ∈ ℝ\n", ["empty"] = "" };
        string path = PathOf("meta.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones([2]) }, metadata);
        var (_, loaded) = SafeTensors.Load(path);
        Assert.Equal(metadata.OrderBy(kv => kv.Key), loaded.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void A_file_with_no_tensors_round_trips()
    {
        string path = PathOf("none.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>());
        Assert.Equal(16, new FileInfo(path).Length); // 8-byte length + "{}" padded to 8
        Assert.Empty(SafeTensors.Load(path).Tensors);
    }

    [Fact]
    public void Output_is_deterministic_sorted_and_padded_to_eight_bytes()
    {
        var a = Tensor.FromArray(new[] { 1f, 2f }, 2);
        var b = Tensor.FromArray(new[] { 3L }, 1);
        var first = new MemoryStream();
        SafeTensors.Save(first, new Dictionary<string, Tensor> { ["b"] = b, ["a"] = a });
        var second = new MemoryStream();
        SafeTensors.Save(second, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b });
        Assert.Equal(first.ToArray(), second.ToArray());

        var bytes = first.ToArray();
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]}}",
            header.TrimEnd(' '));
        Assert.Equal(F32(1f, 2f), bytes.AsSpan(8 + (int)n, 8).ToArray());
    }

    [Fact]
    public void Saving_a_2x2_int32_tensor_gives_the_bytes_the_reference_implementation_writes()
    {
        // The Hugging Face Python binding's serialization test expects exactly these bytes for
        // save({"test": zeros((2, 2), int32)}): length 64 ('@'), compact JSON, 4 spaces of padding, 16 zero bytes.
        var expected = Craft("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    ", Zeros(16));
        Assert.Equal((byte)'@', expected[0]);
        var actual = new MemoryStream();
        SafeTensors.Save(actual, new Dictionary<string, Tensor> { ["test"] = Tensor.Zeros([2, 2], DType.Int32) });
        Assert.Equal(expected, actual.ToArray());
    }

    [Fact]
    public void The_reference_implementations_metadata_example_loads()
    {
        // A hand-made file from the binding's tests: header length 102 ('f', not a multiple of 8), 7 spaces of padding.
        var bytes = Craft("{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}       ", Zeros(16));
        Assert.Equal((byte)'f', bytes[0]);
        var (tensors, metadata) = SafeTensors.Load(new MemoryStream(bytes));
        Assert.Equal("pt", metadata["framework"]);
        Assert.Equal(DType.Int32, tensors["test1"].DType);
        Assert.Equal([2, 2], tensors["test1"].ShapeArray());
    }

    [Fact]
    public void A_hand_written_file_with_a_space_padded_header_and_metadata_loads()
    {
        string header = "{\"__metadata__\":{\"format\":\"pt\"},\"x\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}    ";
        var (tensors, metadata) = SafeTensors.Load(new MemoryStream(Craft(header, F32(0.25f, -4f))));
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal([1, 2], tensors["x"].ShapeArray());
        Assert.Equal([0.25f, -4f], tensors["x"].ToFloatArray());
    }

    [Fact]
    public void Saving_replaces_the_file_atomically_and_leaves_no_temporary_files()
    {
        string path = PathOf("w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones([4]) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["v"] = Tensor.Zeros([1]) });
        Assert.Equal(["w.safetensors"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal(["v"], SafeTensors.Load(path).Tensors.Keys);
    }

    [Fact]
    public void The_reserved_metadata_name_cannot_name_a_tensor()
    {
        Assert.Throws<ArgumentException>(() => SafeTensors.Save(new MemoryStream(), new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.Ones([1]) }));
    }

    [Fact]
    public void Views_are_saved_with_their_own_elements_only()
    {
        var whole = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 3, 2);
        var row = whole.Slice(0, 1, 2); // a leading-axis view over the middle row
        var stream = new MemoryStream();
        SafeTensors.Save(stream, new Dictionary<string, Tensor> { ["row"] = row });
        stream.Position = 0;
        Assert.Equal(row.ToFloatArray(), SafeTensors.Load(stream).Tensors["row"].ToFloatArray());
    }
}
