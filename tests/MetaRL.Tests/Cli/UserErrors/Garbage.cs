using System.Text;

namespace MetaRL.Tests.Cli.UserErrors;

/// <summary>
/// Seeded garbage for the property test: malformed values (no number parses from them), non-finite and overflowing
/// numbers, absurd sizes, paths of every wrong kind, and damaged files. Kept away from what would be a valid long run (a
/// huge step budget is a legitimate request, not garbage): random text carries no digits, and absurd numbers go only
/// where a guard must refuse them.
/// </summary>
internal sealed class Garbage(int seed, string root)
{
    private readonly System.Random _rng = new(seed);

    private static readonly string[] Junk =
    [
        "", " ", "-", "--", "=", "==", "[", "]", "[1,", "[1]]", "[[1]]", "1,,2", "{", "}", "{a: 1", ":", "- a", "null", "~",
        "0x1F", "1_000", "1.5.2", "١٢", "yes", "ȁ", "\t", "a\nb", "'", "\"", "\\", "%s%n", "${HOME}", "$(id)", "`ls`", "*", "?",
        "😀", "\u202Eevil", "\uFFFF", "e", ".", "-.", "[a]", "a=b=c",
    ];

    private static readonly string[] NonFinite = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"];

    private static readonly string[] Overflow = ["2147483648", "-2147483649", "99999999999999999999", "9223372036854775808"];

    // Sizes the memory guard must refuse; a count of 10⁹ returns (8 GB) may fit a machine, so counts get 2³¹ − 1.
    private static readonly string[] Absurd = ["2147483647", "1e9"];

    private static readonly string[] SizeScalars = ["2147483647", "1000000000", "1e9"];

    // What damage inserts: nothing that could turn a number into a larger valid one (no digit, 'e', '.' or ',').
    private static readonly string[] Inserts =
        ["\n", ": ", "[", "]", "{", "}", "- ", "\t", "#", "&a ", "*a", "!!binary ", "---\n", "\"", "'", "x", "?", "%", "@", "😀", "é", "null", "~", "|", ">"];

    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-=[]{}:,.;'\"!@#$%^&*()/\\|<>?~` \téü中😀";

    public T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    public bool Chance(double p) => _rng.NextDouble() < p;

    public int Next(int max) => _rng.Next(max);

    /// <summary>Text that is not a finite number: junk, non-finite numbers, or random characters. (No overflowing integer:
    /// "2147483648" is a valid step budget of a long run.)</summary>
    public string Text() => _rng.Next(10) switch
    {
        < 4 => Pick(Junk),
        4 => Pick(NonFinite),
        5 => new string('x', 5000),
        _ => RandomLetters(1 + _rng.Next(24)),
    };

    /// <summary>A count that a guard must judge: text, or a negative, zero, overflowing or absurd number.</summary>
    public string Count() => _rng.Next(5) switch
    {
        0 => Pick(Absurd),
        1 => Pick(["-1", "0"]),
        2 => Pick(Overflow),
        _ => Text(),
    };

    /// <summary>A seed: anything, numbers of every size included (a seed's size costs nothing).</summary>
    public string Seed() => _rng.Next(3) switch
    {
        0 => Pick([.. Overflow, .. Absurd, "-1", "0"]),
        _ => Text(),
    };

    /// <summary>A value for a number whose size means time, not memory (a step budget, seconds): never a valid large number.</summary>
    public string Small() => Chance(0.2) ? Pick(["-1", "0"]) : Text();

    /// <summary>A list value for a size key: malformed lists, or absurd widths the memory guard must refuse.</summary>
    public string SizeValue(bool list) => _rng.Next(3) switch
    {
        0 => list ? Pick(["[1000000000]", "[100000, 100000]", "[2147483647]"]) : Pick(SizeScalars),
        _ => Text(),
    };

    /// <summary>A random run of characters without digits (so never a number), sometimes with a newline.</summary>
    public string RandomLetters(int length)
    {
        var sb = new StringBuilder();
        var runes = Letters.EnumerateRunes().ToArray();
        for (int i = 0; i < length; i++) { sb.Append(runes[_rng.Next(runes.Length)].ToString()); }
        if (Chance(0.1)) { sb.Insert(_rng.Next(sb.Length + 1), '\n'); }
        return sb.ToString();
    }

    /// <summary>A place to write a command's output: wrong kinds (a file, under a file, a device, a kernel folder, empty,
    /// a name too long) and fresh folders with odd names, always under the test's root or in a place no one can write.</summary>
    public string PathOut(string? unwritable, string aFile, string existingRun)
    {
        string fresh = Path.Combine(root, "g-" + Guid.NewGuid().ToString("N")[..8]);
        return _rng.Next(14) switch
        {
            0 => "",
            1 => " ",
            2 => aFile,
            3 => Path.Combine(aFile, "sub"),
            4 => "/dev/null",
            5 => "/dev/full",
            6 => "/proc/self/status",
            7 => "/proc/self/nope/out",
            8 => Path.Combine(unwritable ?? "/sys/kernel", "out"),
            9 => existingRun,
            10 => Path.Combine(root, new string('n', 300)),
            11 => fresh + "-" + Sanitize(RandomLetters(1 + _rng.Next(12))),
            12 => Path.Combine(fresh, "deep", "er"),
            _ => fresh,
        };
    }

    /// <summary>A path to read from: missing, the wrong kind, a device, a folder of the wrong run, or <paramref name="damaged"/>.</summary>
    public string PathIn(string aFile, string damaged, params string[] wrongRuns) => _rng.Next(9) switch
    {
        0 => "",
        1 => Path.Combine(root, "missing"),
        2 => aFile,
        3 => Path.Combine(aFile, "sub"),
        4 => "/dev/null",
        5 => "/proc/self/nope",
        6 => damaged,
        7 => Pick(wrongRuns),
        _ => Path.Combine(root, Sanitize(RandomLetters(1 + _rng.Next(8)))),
    };

    /// <summary>Damaged text: characters deleted, garbage inserted, a line doubled; never a line removed (that could drop a
    /// budget key and start a long run) and never a digit added.</summary>
    public string Damage(string text)
    {
        var sb = new StringBuilder(text);
        int edits = 1 + _rng.Next(3);
        for (int e = 0; e < edits && sb.Length > 0; e++)
        {
            int at = _rng.Next(sb.Length);
            switch (_rng.Next(4))
            {
                case 0: sb.Remove(at, 1); break;
                case 1:
                case 2: sb.Insert(at, Pick(Inserts)); break;
                default:
                    var lines = sb.ToString().Split('\n');
                    int line = _rng.Next(lines.Length);
                    sb.Clear().Append(string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))));
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Damaged bytes: random bytes flipped, the file cut short, or replaced by random bytes.</summary>
    public byte[] Damage(byte[] bytes)
    {
        switch (_rng.Next(4))
        {
            case 0: return bytes[..(_rng.Next(Math.Max(1, bytes.Length)))];
            case 1:
                var random = new byte[_rng.Next(1, 256)];
                _rng.NextBytes(random);
                return random;
            default:
                var copy = (byte[])bytes.Clone();
                for (int i = 0, n = 1 + _rng.Next(8); i < n && copy.Length > 0; i++) { copy[_rng.Next(copy.Length)] ^= (byte)(1 << _rng.Next(8)); }
                return copy;
        }
    }

    // A single path component: no separators, no "..", nothing that leaves the root.
    private static string Sanitize(string name)
    {
        string s = name.Replace('/', '_').Replace('\\', '_').Replace("..", "__", StringComparison.Ordinal).Replace("\0", "", StringComparison.Ordinal).Trim();
        return s.Length == 0 || s == "." ? "_" : s;
    }
}
