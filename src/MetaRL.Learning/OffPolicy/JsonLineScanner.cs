using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// A strict scanner of one JSON line, just enough for a flat object whose values are numbers, arrays of numbers, null or
/// anything else to skip (strings, booleans, nested values). It checks the JSON grammar of what it reads and reports a
/// fault as <see cref="FormatException"/> with the column. It exists because a log is mostly numbers, and reading them
/// byte by byte here is several times faster than a general reader's token loop.
/// </summary>
internal ref struct JsonLineScanner(ReadOnlySpan<byte> text)
{
    private readonly ReadOnlySpan<byte> _text = text;
    private int _pos;

    /// <summary>Where the scanner stands, 1-based, for messages.</summary>
    public readonly int Column => _pos + 1;

    public readonly bool AtEnd => _pos >= _text.Length;

    /// <summary>The next byte after whitespace, or 0 at the end.</summary>
    public byte Peek()
    {
        SkipWhitespace();
        return _pos < _text.Length ? _text[_pos] : (byte)0;
    }

    public void Expect(byte b)
    {
        if (Peek() != b) { throw Unexpected($"'{(char)b}'"); }
        _pos++;
    }

    /// <summary>Consumes <paramref name="b"/> if it comes next.</summary>
    public bool TryConsume(byte b)
    {
        if (Peek() != b) { return false; }
        _pos++;
        return true;
    }

    /// <summary>A string's raw bytes (escapes left as written; the keys a log uses have none).</summary>
    public ReadOnlySpan<byte> ReadString()
    {
        Expect((byte)'"');
        // The position in a local: the loop then runs in registers, not through the struct.
        var text = _text;
        int start = _pos, pos = start;
        while (true)
        {
            if ((uint)pos >= (uint)text.Length) { _pos = pos; throw new FormatException($"unterminated string at column {start}"); }
            byte b = text[pos];
            if (b == '"') { break; }
            if (b < 0x20) { _pos = pos; throw new FormatException($"control character in a string at column {pos + 1}"); }
            pos += b == '\\' ? 2 : 1;
        }
        _pos = pos + 1;
        return text[start..pos];
    }

    /// <summary>A JSON number's text, checked against the grammar (-? int frac? exp?).</summary>
    public ReadOnlySpan<byte> ReadNumberText()
    {
        SkipWhitespace();
        int start = _pos;
        ScanNumber(out _, out _, out _);
        return _text[start.._pos];
    }

    /// <summary>A JSON number as float32, read in one pass: digits and exponent are gathered while the grammar is
    /// checked, and <see cref="JsonFloat.FromParts"/> rounds them (or hands the text to the general parser).</summary>
    public float ReadFloat()
    {
        SkipWhitespace();
        int start = _pos;
        ScanNumber(out ulong mantissa, out int exponent, out bool exact);
        float v = exact ? JsonFloat.FromParts(mantissa, exponent) : float.NaN;
        if (float.IsNaN(v)) { v = JsonFloat.Slow(_text[start.._pos]); }
        return _text[start] == '-' ? -v : v;
    }

    /// <summary>The fast path of an array of numbers, entered just after its '[': plain numbers separated by single commas
    /// (no whitespace) up to the ']', appended to <paramref name="column"/> and counted in <paramref name="count"/>. It
    /// returns false, with the scanner where it was, at anything else (whitespace, an empty array, a grammar fault, a
    /// number that is not a finite float32, a long exponent or mantissa), and the caller then reads the array the slow
    /// way, which makes every message. A float is the same bits either way: both round correctly.</summary>
    public bool TryReadFloats(ref GrowableColumn<float> column, out int count)
    {
        count = 0;
        int pos = _pos, end = _text.Length, before = column.Count;
        ref byte text = ref MemoryMarshal.GetReference(_text);
        while (true)
        {
            if (!TryFastNumber(ref text, end, ref pos, out float v) || pos >= end) { break; }
            column.Add(v);
            byte next = Unsafe.Add(ref text, pos++);
            if (next == ',') { continue; }
            if (next != ']') { break; }
            count = column.Count - before;
            _pos = pos;
            return true;
        }
        column.Truncate(before);
        return false;
    }

    /// <summary>One JSON number at <paramref name="pos"/> (≤ 19 digits, exponent ≤ 4 digits) as a finite float32, correctly
    /// rounded, eight fraction or integer digits at a time where eight come in a row; false where the slow path must judge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryFastNumber(ref byte text, int end, ref int pos, out float value)
    {
        value = 0;
        int p = pos;
        if (p >= end) { return false; }
        bool negative = Unsafe.Add(ref text, p) == '-';
        if (negative) { p++; }
        ulong mantissa = 0;
        int digits = 0, exponent = 0;
        if (p >= end) { return false; }
        byte c = Unsafe.Add(ref text, p);
        if (c == '0')
        {
            p++;
            if (p < end && IsDigit(Unsafe.Add(ref text, p))) { return false; }
        }
        else if (IsDigit(c))
        {
            int from = p;
            p = Digits(ref text, end, p, ref mantissa);
            digits = p - from;
        }
        else { return false; }
        if (p < end && Unsafe.Add(ref text, p) == '.')
        {
            int from = ++p;
            p = Digits(ref text, end, p, ref mantissa);
            if (p == from) { return false; }
            digits += p - from;
            exponent = from - p;
        }
        if (digits > 19) { return false; }
        if (p < end && (Unsafe.Add(ref text, p) | 0x20) == 'e')
        {
            p++;
            bool down = false;
            if (p < end && Unsafe.Add(ref text, p) is (byte)'+' or (byte)'-') { down = Unsafe.Add(ref text, p) == '-'; p++; }
            int from = p, e = 0;
            while (p < end && IsDigit(Unsafe.Add(ref text, p))) { e = e * 10 + (Unsafe.Add(ref text, p) - '0'); p++; }
            if (p == from || p - from > 4) { return false; }
            exponent += down ? -e : e;
        }
        float v = JsonFloat.FromParts(mantissa, exponent);
        if (float.IsNaN(v)) { v = JsonFloat.Slow(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref text, pos), p - pos)); }
        if (!float.IsFinite(v)) { return false; }
        value = negative ? -v : v;
        pos = p;
        return true;
    }

    /// <summary>Accumulates the digits from <paramref name="p"/> into <paramref name="mantissa"/> (wrapping past 19 digits,
    /// which the caller refuses) and returns where they end. Eight bytes at a time (SWAR): a byte is flagged non-digit when
    /// adding 0x46 or subtracting 0x30 sets its high bit; the first flag ends the run, and the digits before it are shifted
    /// to the top of the word, padded with '0's and converted together, so the number's length costs no branch per digit.
    /// (A carry or borrow only moves towards later bytes, so it cannot disturb the digits before the first flag.)</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digits(ref byte text, int end, int p, ref ulong mantissa)
    {
        while (BitConverter.IsLittleEndian && p + 8 <= end)
        {
            ulong chunk = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref text, p));
            ulong flags = ((chunk + 0x4646464646464646UL) | (chunk - 0x3030303030303030UL)) & 0x8080808080808080UL;
            if (flags == 0)
            {
                mantissa = unchecked(mantissa * 100_000_000 + EightDigits(chunk));
                p += 8;
                continue;
            }
            int n = BitOperations.TrailingZeroCount(flags) >> 3;
            if (n > 0)
            {
                mantissa = unchecked(mantissa * Pow10[n] + EightDigits((chunk << (64 - 8 * n)) | (0x3030303030303030UL >> (8 * n))));
                p += n;
            }
            return p;
        }
        while (p < end && IsDigit(Unsafe.Add(ref text, p)))
        {
            mantissa = unchecked(mantissa * 10 + (uint)(Unsafe.Add(ref text, p) - '0'));
            p++;
        }
        return p;
    }

    private static ReadOnlySpan<ulong> Pow10 => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

    /// <summary>The value of eight ASCII digits, the first in the lowest byte (little-endian), by three multiply-shift steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint EightDigits(ulong chunk)
    {
        chunk -= 0x3030303030303030UL;
        chunk = (chunk * 10 + (chunk >> 8)) & 0x00FF00FF00FF00FFUL;
        chunk = (chunk * 100 + (chunk >> 16)) & 0x0000FFFF0000FFFFUL;
        return (uint)((chunk * 10000 + (chunk >> 32)) & 0xFFFFFFFFUL);
    }

    /// <summary>Checks the grammar and gathers the decimal mantissa and exponent; <paramref name="exact"/> is false when
    /// they do not fit (more than 19 digits or a long exponent).</summary>
    private void ScanNumber(out ulong mantissa, out int exponent, out bool exact)
    {
        mantissa = 0;
        exponent = 0;
        int digits = 0;
        if (_pos < _text.Length && _text[_pos] == '-') { _pos++; }
        if (_pos >= _text.Length || !IsDigit(_text[_pos])) { throw Unexpected("a number"); }
        if (_text[_pos] == '0') { _pos++; }
        else
        {
            while (_pos < _text.Length && IsDigit(_text[_pos]))
            {
                mantissa = mantissa * 10 + (uint)(_text[_pos] - '0');
                digits++;
                _pos++;
            }
        }
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            _pos++;
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) { throw Unexpected("a digit after '.'"); }
            while (_pos < _text.Length && IsDigit(_text[_pos]))
            {
                if (digits > 0 || _text[_pos] != '0') { digits++; }
                mantissa = mantissa * 10 + (uint)(_text[_pos] - '0');
                exponent--;
                _pos++;
            }
        }
        int e = 0;
        bool longExponent = false;
        if (_pos < _text.Length && (_text[_pos] | 0x20) == 'e')
        {
            _pos++;
            bool negative = false;
            if (_pos < _text.Length && _text[_pos] is (byte)'+' or (byte)'-') { negative = _text[_pos] == '-'; _pos++; }
            if (_pos >= _text.Length || !IsDigit(_text[_pos])) { throw Unexpected("a digit in the exponent"); }
            while (_pos < _text.Length && IsDigit(_text[_pos]))
            {
                if (e < 100_000) { e = e * 10 + (_text[_pos] - '0'); } else { longExponent = true; }
                _pos++;
            }
            if (negative) { e = -e; }
        }
        exponent += e;
        exact = digits <= 19 && !longExponent;
    }

    /// <summary>Consumes the literal null if it comes next.</summary>
    public bool TryNull()
    {
        if (Peek() != 'n') { return false; }
        Literal("null"u8);
        return true;
    }

    /// <summary>Skips one value of any kind.</summary>
    public void SkipValue()
    {
        switch (Peek())
        {
            case (byte)'"': ReadString(); break;
            case (byte)'t': Literal("true"u8); break;
            case (byte)'f': Literal("false"u8); break;
            case (byte)'n': Literal("null"u8); break;
            case (byte)'[':
                _pos++;
                if (TryConsume((byte)']')) { break; }
                do { SkipValue(); } while (TryConsume((byte)','));
                Expect((byte)']');
                break;
            case (byte)'{':
                _pos++;
                if (TryConsume((byte)'}')) { break; }
                do
                {
                    ReadString();
                    Expect((byte)':');
                    SkipValue();
                }
                while (TryConsume((byte)','));
                Expect((byte)'}');
                break;
            default: ReadNumberText(); break;
        }
    }

    private void Literal(ReadOnlySpan<byte> word)
    {
        SkipWhitespace();
        if (!_text[_pos..].StartsWith(word)) { throw Unexpected("a value"); }
        _pos += word.Length;
    }

    private void SkipWhitespace()
    {
        int pos = _pos;
        var text = _text;
        while ((uint)pos < (uint)text.Length && text[pos] is (byte)' ' or (byte)'\t' or (byte)'\r') { pos++; }
        _pos = pos;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private readonly FormatException Unexpected(string expected) => _pos >= _text.Length
        ? new FormatException($"the line ends where {expected} should come")
        : new FormatException($"expected {expected} at column {_pos + 1}, found '{(char)_text[_pos]}'");
}
