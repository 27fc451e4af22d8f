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
        int start = _pos;
        while (true)
        {
            if (_pos >= _text.Length) { throw new FormatException($"unterminated string at column {start}"); }
            byte b = _text[_pos];
            if (b == '"') { break; }
            if (b < 0x20) { throw new FormatException($"control character in a string at column {_pos + 1}"); }
            _pos += b == '\\' ? 2 : 1;
        }
        var s = _text[start.._pos];
        _pos++;
        return s;
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
        while (_pos < _text.Length && _text[_pos] is (byte)' ' or (byte)'\t' or (byte)'\r') { _pos++; }
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private readonly FormatException Unexpected(string expected) => _pos >= _text.Length
        ? new FormatException($"the line ends where {expected} should come")
        : new FormatException($"expected {expected} at column {_pos + 1}, found '{(char)_text[_pos]}'");
}
