using System.Text.Json;
using System.Text.Unicode;

namespace MetaRL.Serialization;

/// <summary>
/// Parses the JSON header of a safetensors file with <see cref="Utf8JsonReader"/> (which, unlike
/// <see cref="JsonDocument"/>, lets duplicate keys be caught) and checks each entry's shape and offsets against
/// the data buffer. Every failure is a <see cref="SafeTensorsFormatException"/> with a one-line reason.
/// </summary>
internal static class SafeTensorsHeaderParser
{
    public const string MetadataKey = "__metadata__";

    public static SafeTensorsHeader Parse(ReadOnlySpan<byte> json, long bufferLength)
    {
        if (!Utf8.IsValid(json)) { throw new SafeTensorsFormatException("header is not valid UTF-8"); }
        var entries = new List<SafeTensorsEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new SafeTensorsFormatException("header is not a JSON object");
            }
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (!names.Add(name)) { throw new SafeTensorsFormatException($"duplicate tensor name '{name}' in header"); }
                Next(ref reader);
                if (name == MetadataKey) { ReadMetadata(ref reader, metadata); }
                else { entries.Add(ReadEntry(ref reader, name)); }
            }
            // Only whitespace (the format pads with spaces) may follow the object; the reader throws otherwise.
            while (reader.Read()) { }
        }
        catch (JsonException ex)
        {
            throw new SafeTensorsFormatException($"header is not valid JSON: {ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            throw new SafeTensorsFormatException($"header holds an unreadable string: {ex.Message}");
        }
        SafeTensorsLayout.Validate(entries, bufferLength);
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        return new SafeTensorsHeader(entries, metadata, json.Length);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) { throw new SafeTensorsFormatException("header JSON ends early"); }
        return reader.TokenType;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> into)
    {
        if (reader.TokenType == JsonTokenType.Null) { return; }
        if (reader.TokenType != JsonTokenType.StartObject) { throw new SafeTensorsFormatException("__metadata__ is not a JSON object of strings"); }
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            if (Next(ref reader) != JsonTokenType.String)
            {
                throw new SafeTensorsFormatException($"__metadata__ value for '{key}' is {Describe(reader.TokenType)}, not a string");
            }
            if (!into.TryAdd(key, reader.GetString()!)) { throw new SafeTensorsFormatException($"duplicate __metadata__ key '{key}'"); }
        }
    }

    private static SafeTensorsEntry ReadEntry(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject) { throw new SafeTensorsFormatException($"entry for tensor '{name}' is {Describe(reader.TokenType)}, not an object"); }
        string? dtypeName = null;
        int[]? shape = null;
        long[]? offsets = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            Next(ref reader);
            switch (field)
            {
                case "dtype" when dtypeName is null:
                    if (reader.TokenType != JsonTokenType.String) { throw new SafeTensorsFormatException($"tensor '{name}' has a dtype that is not a string"); }
                    dtypeName = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, name, "shape", int.MaxValue).Select(v => (int)v).ToArray();
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, name, "data_offsets", long.MaxValue);
                    if (offsets.Length != 2) { throw new SafeTensorsFormatException($"tensor '{name}' has data_offsets with {offsets.Length} values, expected [begin, end]"); }
                    if (offsets[0] > offsets[1]) { throw new SafeTensorsFormatException($"tensor '{name}' has data_offsets [{offsets[0]}, {offsets[1]}] with begin after end"); }
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw new SafeTensorsFormatException($"tensor '{name}' repeats the field '{field}'");
                default:
                    throw new SafeTensorsFormatException($"tensor '{name}' has an unknown field '{field}'");
            }
        }
        if (dtypeName is null || shape is null || offsets is null)
        {
            string missing = dtypeName is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            throw new SafeTensorsFormatException($"tensor '{name}' lacks '{missing}'");
        }
        return new SafeTensorsEntry(name, SafeTensorsDType.Parse(dtypeName, name), shape, offsets[0], offsets[1]);
    }

    private static long[] ReadIntegers(ref Utf8JsonReader reader, string name, string field, long max)
    {
        if (reader.TokenType != JsonTokenType.StartArray) { throw new SafeTensorsFormatException($"tensor '{name}' has a malformed {field}: {Describe(reader.TokenType)}, not an array"); }
        var values = new List<long>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0 || v > max)
            {
                string text = reader.TokenType == JsonTokenType.Number ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : Describe(reader.TokenType);
                throw new SafeTensorsFormatException($"tensor '{name}' has a malformed {field}: {text} is not an integer in [0, {max}]");
            }
            values.Add(v);
        }
        return values.ToArray();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
