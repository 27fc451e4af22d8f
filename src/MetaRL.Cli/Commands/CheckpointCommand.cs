using System.Text;
using MetaRL.Serialization;
using MetaRL.Statistics;

namespace MetaRL.Cli.Commands;

/// <summary>
/// <c>metarl checkpoint inspect FILE [--json]</c>: lists a safetensors file's tensors (name, dtype, shape,
/// min/mean/max) and metadata, or reports why the file is malformed (exit code 2, one line).
/// </summary>
internal static class CheckpointCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The safetensors file to read." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var inspect = new Command("inspect", "Print each tensor's name, dtype, shape and min/mean/max, and the metadata.") { file, json };
        inspect.SetAction(parse => Inspect(parse.GetValue(file)!, parse.GetValue(json), parse.InvocationConfiguration.Output));
        return new Command("checkpoint", "Inspect safetensors checkpoints.") { inspect };
    }

    internal static int Inspect(string path, bool asJson, TextWriter output)
    {
        var (header, tensors) = Read(path);
        var rows = header.Tensors.Select(e => new Row(e, TensorSummary.Of(tensors[e.Name]))).OrderBy(r => r.Entry.Name, StringComparer.Ordinal).ToArray();
        if (asJson) { WriteJson(path, header, rows, output); }
        else { WriteTable(path, header, rows, output); }
        return 0;
    }

    private static (SafeTensorsHeader, Dictionary<string, Tensor>) Read(string path)
    {
        string full = MetaRL.Tracking.PathGuard.ReadableFile(path, "checkpoint file");
        try
        {
            var content = SafeTensors.Load(full);
            return (content.Header, content.Tensors);
        }
        catch (SafeTensorsFormatException ex)
        {
            throw new UserInputException($"{path}: not a valid safetensors file: {OneLine(ex.Message)}");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserInputException($"{path}: no such file");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{path}: cannot read: {OneLine(ex.Message)}");
        }
    }

    private readonly record struct Row(SafeTensorsEntry Entry, TensorSummary? Stats);

    private static void WriteTable(string path, SafeTensorsHeader header, Row[] rows, TextWriter output)
    {
        output.WriteLine($"{OneLine(path)}: {rows.Length} tensors, {rows.Sum(r => (long)r.Entry.Shape.Aggregate(1L, (a, d) => a * d))} elements, header {header.HeaderLength} bytes");
        foreach (var (key, value) in header.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  metadata {OneLine(key)} = {OneLine(value)}");
        }
        var cells = rows.Select(r => new[]
        {
            OneLine(r.Entry.Name), SafeTensorsDType.Name(r.Entry.DType), ShapeUtil.Format(r.Entry.Shape),
            Number(r.Stats?.Min), Number(r.Stats?.Mean), Number(r.Stats?.Max),
        }).Prepend(["name", "dtype", "shape", "min", "mean", "max"]).ToArray();
        var widths = Enumerable.Range(0, 6).Select(c => cells.Max(row => row[c].Length)).ToArray();
        foreach (var row in cells)
        {
            var line = new StringBuilder();
            for (int c = 0; c < row.Length; c++)
            {
                // Text columns left-aligned, numbers right-aligned.
                line.Append(c < 3 ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
                if (c < row.Length - 1) { line.Append("  "); }
            }
            output.WriteLine(line.ToString().TrimEnd());
        }
    }

    private static void WriteJson(string path, SafeTensorsHeader header, Row[] rows, TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", path);
            json.WriteNumber("header_bytes", header.HeaderLength);
            json.WriteStartObject("metadata");
            foreach (var (key, value) in header.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) { json.WriteString(key, value); }
            json.WriteEndObject();
            json.WriteStartArray("tensors");
            foreach (var r in rows)
            {
                json.WriteStartObject();
                json.WriteString("name", r.Entry.Name);
                json.WriteString("dtype", SafeTensorsDType.Name(r.Entry.DType));
                json.WriteStartArray("shape");
                foreach (int d in r.Entry.Shape) { json.WriteNumberValue(d); }
                json.WriteEndArray();
                json.WriteNumber("bytes", r.Entry.ByteLength);
                JsonNumber(json, "min", r.Stats?.Min);
                JsonNumber(json, "mean", r.Stats?.Mean);
                JsonNumber(json, "max", r.Stats?.Max);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    // JSON has no NaN or infinity: those are written as strings, and the statistics of an empty tensor as null.
    private static void JsonNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is null) { json.WriteNull(name); }
        else if (double.IsFinite(value.Value)) { json.WriteNumber(name, value.Value); }
        else { json.WriteString(name, value.Value.ToString(CultureInfo.InvariantCulture)); }
    }

    private static string Number(double? value) => value is null ? "-" : value.Value.ToString("G6", CultureInfo.InvariantCulture);

    // Names and messages come from the file; control characters would break the one-line output.
    private static string OneLine(string text) =>
        string.Concat(text.Select(ch => char.IsControl(ch) ? $"\\u{(int)ch:x4}" : ch.ToString()));
}
