using System.Text.Json;
using MetaRL.Cli;
using MetaRL.Serialization;
using MetaRL.Tensors;
using MetaRL.Tests.Core.Serialization;

namespace MetaRL.Tests.Cli;

public sealed class CheckpointCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("metarl-cli-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string GoodFile()
    {
        string path = Path.Combine(_folder, "good.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["actor.0.weight"] = Tensor.FromArray(new[] { 1f, 2f, 3f, 4f }, 2, 2),
            ["step"] = Tensor.FromArray(new[] { 7L }, 1),
            ["empty"] = Tensor.Zeros([0], DType.Float64),
        }, new Dictionary<string, string> { ["algo"] = "ppo" });
        return path;
    }

    private string Malformed(string name, byte[] bytes)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Inspect_prints_name_dtype_shape_and_statistics_of_each_tensor()
    {
        var (code, output, _) = Run("checkpoint", "inspect", GoodFile());
        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("metadata algo = ppo", StringComparison.Ordinal));
        var weight = lines.Single(l => l.StartsWith("actor.0.weight", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["actor.0.weight", "F32", "[2,", "2]", "1", "2.5", "4"], weight);
        var step = lines.Single(l => l.StartsWith("step", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["step", "I64", "[1]", "7", "7", "7"], step);
        Assert.Contains(lines, l => l.StartsWith("empty", StringComparison.Ordinal) && l.Contains("F64", StringComparison.Ordinal) && l.EndsWith('-'));
    }

    [Fact]
    public void Inspect_with_json_prints_one_parseable_object()
    {
        var (code, output, _) = Run("checkpoint", "inspect", GoodFile(), "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("ppo", root.GetProperty("metadata").GetProperty("algo").GetString());
        var weight = root.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "actor.0.weight");
        Assert.Equal("F32", weight.GetProperty("dtype").GetString());
        Assert.Equal([2, 2], weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1.0, weight.GetProperty("min").GetDouble());
        Assert.Equal(2.5, weight.GetProperty("mean").GetDouble());
        Assert.Equal(4.0, weight.GetProperty("max").GetDouble());
        var empty = root.GetProperty("tensors").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "empty");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("mean").ValueKind);
    }

    public static TheoryData<string, byte[], string> MalformedFiles => new()
    {
        { "short.safetensors", new byte[5], "shorter than the 8-byte header length" },
        { "longheader.safetensors", SafeTensorsBytes.Craft("{}", null, headerLength: 999), "runs past the end of the file" },
        { "notjson.safetensors", SafeTensorsBytes.Craft("hello", null), "header is not valid JSON" },
        { "dtype.safetensors", SafeTensorsBytes.Craft("{\"x\":{\"dtype\":\"Q8\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]), "unknown dtype 'Q8'" },
        { "trailing.safetensors", SafeTensorsBytes.Craft("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[6]), "2 bytes after the last tensor" },
        { "controlchar.safetensors", SafeTensorsBytes.Craft("{\"a\\nb\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]), "needs 8 bytes" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Inspect_reports_a_malformed_file_in_one_line_with_exit_code_2(string name, byte[] bytes, string message)
    {
        var (code, output, error) = Run("checkpoint", "inspect", Malformed(name, bytes));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("not a valid safetensors file", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_of_a_missing_file_exits_with_code_2()
    {
        var (code, _, error) = Run("checkpoint", "inspect", Path.Combine(_folder, "nope.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", error, StringComparison.Ordinal);
        var (dirCode, _, dirError) = Run("checkpoint", "inspect", Path.Combine(_folder, "missing-dir", "x.safetensors"));
        Assert.Equal(2, dirCode);
        Assert.Contains("no such file", dirError, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_without_a_file_argument_is_a_usage_error()
    {
        Assert.Equal(2, Run("checkpoint", "inspect").Code);
    }
}
