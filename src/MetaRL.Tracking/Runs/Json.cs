using System.Text.Json;

namespace MetaRL.Tracking;

/// <summary>Typed, forgiving reads of optional JSON members, with errors that name the file and member.</summary>
internal static class Json
{
    public static string? String(JsonElement obj, string name, string file)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) { return null; }
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => throw new RunFormatException($"{file}: \"{name}\" should be a string"),
        };
    }

    public static long? Long(JsonElement obj, string name, string file)
    {
        double? d = Double(obj, name, file);
        if (d is null) { return null; }
        if (!double.IsFinite(d.Value) || d.Value != Math.Floor(d.Value)) { throw new RunFormatException($"{file}: \"{name}\" should be an integer"); }
        return (long)d.Value;
    }

    public static double? Double(JsonElement obj, string name, string file)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) { return null; }
        return Number(v) ?? throw new RunFormatException($"{file}: \"{name}\" should be a number");
    }

    /// <summary>Writes a number; a non-finite one as the string "NaN", "Infinity" or "-Infinity" (read back by <see cref="Number"/>).</summary>
    public static void Write(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) { json.WriteNumber(name, value); }
        else { json.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"); }
    }

    /// <summary>A number, or one of the strings "NaN", "Infinity", "-Infinity"; null otherwise.</summary>
    public static double? Number(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
