using System.Reflection;
using System.Text;

namespace MetaRL.Learning;

/// <summary>
/// Binds <c>snake_case</c> keys to the public settable properties of an options class (<c>learning_rate</c>
/// ↔ <c>LearningRate</c>). Supported types: int, long, double, bool, string, enums and int, double and string arrays
/// (<c>[64, 64]</c> or <c>64,64</c>). Parsing is strict: a value must be whole (<c>[1,</c>, <c>[1]]</c> or <c>1,,2</c> is not
/// a list, <c>1.5</c> not an integer); integers may be written <c>1e6</c> when whole and in range. Values that do not parse
/// raise <see cref="ConfigException"/> naming the key.
/// </summary>
public static class OptionsBinder
{
    /// <summary>Bindable keys of an options type, in declaration order.</summary>
    public static IReadOnlyList<string> Keys(Type type) => Properties(type).Select(p => SnakeCase(p.Name)).ToArray();

    /// <summary>Sets one key; returns false when the type has no such key.</summary>
    public static bool TrySet(object options, string key, string raw)
    {
        var property = Properties(options.GetType()).FirstOrDefault(p => SnakeCase(p.Name) == key);
        if (property is null) { return false; }
        property.SetValue(options, Parse(property.PropertyType, key, raw));
        return true;
    }

    /// <summary>Every key with its current value formatted as it would be written in YAML.</summary>
    public static IEnumerable<(string Key, string Value)> Values(object options) =>
        Properties(options.GetType()).Select(p => (SnakeCase(p.Name), Format(p.GetValue(options))));

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .OrderBy(p => InheritanceDepth(p.DeclaringType!)) // shared base settings (PpoSettings) first
            .ThenBy(p => p.MetadataToken);

    private static int InheritanceDepth(Type type)
    {
        int depth = 0;
        for (var t = type.BaseType; t is not null; t = t.BaseType) { depth++; }
        return depth;
    }

    /// <summary>LearningRate → learning_rate.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0) { sb.Append('_'); }
                sb.Append(char.ToLowerInvariant(c));
            }
            else { sb.Append(c); }
        }
        return sb.ToString();
    }

    private static object Parse(Type type, string key, string raw)
    {
        var inv = CultureInfo.InvariantCulture;
        string s = raw.Trim();
        if (type == typeof(int) && TryInt(s, out int i)) { return i; }
        if (type == typeof(long) && TryLong(s, out long l)) { return l; }
        if (type == typeof(double) && double.TryParse(s, NumberStyles.Float, inv, out double d) && double.IsFinite(d)) { return d; }
        if (type == typeof(bool) && bool.TryParse(s, out bool b)) { return b; }
        if (type == typeof(string)) { return s; }
        if (type.IsEnum)
        {
            var match = Enum.GetNames(type).FirstOrDefault(n => string.Equals(SnakeCase(n), s, StringComparison.OrdinalIgnoreCase) || string.Equals(n, s, StringComparison.OrdinalIgnoreCase));
            if (match is not null) { return Enum.Parse(type, match); }
            throw new ConfigException($"key '{key}' must be one of {string.Join(", ", Enum.GetNames(type).Select(SnakeCase))}, got '{raw}'");
        }
        if (type == typeof(int[])) { return IntList(key, raw, s); }
        if (type == typeof(double[]))
        {
            return List<double>(key, raw, s, "numbers like [1, 0.5]", (string t, out double v) => double.TryParse(t, NumberStyles.Float, inv, out v) && double.IsFinite(v), "is not a finite number");
        }
        if (type == typeof(string[]))
        {
            return List<string>(key, raw, s, "names like [Bandit-v0, DarkRoom-v0]", (string t, out string v) => (v = t).Length > 0 && !t.Contains('[') && !t.Contains(']'), "is not a name");
        }
        string expected = type == typeof(int) || type == typeof(long) ? "an integer" : type == typeof(double) ? "a finite number" : type == typeof(bool) ? "true or false" : type.Name;
        throw new ConfigException($"key '{key}' must be {expected}, got '{raw}'");
    }

    // A list is "[a, b]" or "a,b": brackets come as a pair around the whole value, and every entry is an integer
    // ("[1," and "1,,2" are mistakes, not [1] and [1, 2]); "[]" is the empty list.
    private static int[] IntList(string key, string raw, string s) =>
        List<int>(key, raw, s, "integers like [64, 64]", (string t, out int v) => TryInt(t, out v), "is not an integer");

    private delegate bool TryParser<T>(string text, out T value);

    private static T[] List<T>(string key, string raw, string s, string what, TryParser<T> parse, string notOne)
    {
        bool open = s.StartsWith('['), close = s.EndsWith(']');
        string inner = open && close && s.Length >= 2 ? s[1..^1].Trim() : s;
        var problem = open != close ? "unbalanced brackets" : null;
        var values = new List<T>();
        if (problem is null && inner.Length > 0)
        {
            foreach (var part in inner.Split(','))
            {
                if (!parse(part.Trim(), out T v)) { problem = part.Trim().Length == 0 ? "an empty entry" : $"'{part.Trim()}' {notOne}"; break; }
                values.Add(v);
            }
        }
        if (problem is not null) { throw new ConfigException($"key '{key}' must be a list of {what}, got '{raw}' ({problem})"); }
        return [.. values];
    }

    private static bool TryInt(string s, out int value)
    {
        value = 0;
        if (!TryLong(s, out long l) || l is < int.MinValue or > int.MaxValue) { return false; }
        value = (int)l;
        return true;
    }

    private static bool TryLong(string s, out long value)
    {
        // Accept 5e5-style budgets when they are whole numbers.
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value)) { return true; }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
        {
            value = (long)d;
            return true;
        }
        return false;
    }

    /// <summary>A value as YAML text.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        int[] a => "[" + string.Join(", ", a.Select(x => x.ToString(CultureInfo.InvariantCulture))) + "]",
        double[] a => "[" + string.Join(", ", a.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]",
        string[] a => "[" + string.Join(", ", a) + "]",
        Enum e => SnakeCase(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
