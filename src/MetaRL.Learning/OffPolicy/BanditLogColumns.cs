namespace MetaRL.Learning.OffPolicy;

/// <summary>The columns of a log (or of one chunk of it) being filled row by row with <see cref="ParseLine"/>, each row
/// validated as it comes, and the layout its first row fixed (action count, context length, optional columns).</summary>
internal sealed class BanditLogColumns(string name)
{
    private GrowableColumn<int> _action = new(1024), _position = new(1024);
    private GrowableColumn<float> _reward = new(1024), _pscore = new(1024), _target = new(1024 * 8), _context = new(1024 * 4), _qHat = new(1024 * 8);
    private int _rows, _actions = -1, _contextDim = -1;
    private bool _hasPosition, _hasQHat;
    private long _firstLine;

    public BanditLog Build()
    {
        if (_rows == 0) { throw new BanditLogFormatException($"'{name}' holds no rows: an off-policy estimate needs at least one logged decision"); }
        return new BanditLog(_actions, _action.ToArray(), _reward.ToArray(), _pscore.ToArray(), _target.ToArray(),
            _contextDim > 0 ? _context.ToArray() : null, Math.Max(_contextDim, 0), _hasPosition ? _position.ToArray() : null, _hasQHat ? _qHat.ToArray() : null);
    }

    private BanditLogFormatException Fault(long line, string message, Exception? inner = null) =>
        inner is null ? new($"'{name}' line {line}: {message}") { Line = line } : new($"'{name}' line {line}: {message}", inner) { Line = line };

    public void ParseLine(ReadOnlySpan<byte> text, long line)
    {
        if (text.Trim(" \t\r"u8).IsEmpty) { return; }
        try
        {
            ParseRow(text, line);
        }
        catch (FormatException ex)
        {
            bool named = text.IndexOf("NaN"u8) >= 0 || text.IndexOf("Infinity"u8) >= 0;
            throw Fault(line, named
                ? "NaN and Infinity are not numbers in JSON, and every value of a log must be a finite number"
                : $"not a JSON object: {ex.Message}", ex);
        }
    }

    private void ParseRow(ReadOnlySpan<byte> text, long line)
    {
        var scan = new JsonLineScanner(text);
        if (scan.Peek() != '{') { throw Fault(line, "each line must be one JSON object"); }
        scan.Expect((byte)'{');
        int action = 0, position = 0, targetCount = -1, contextCount = -1, qHatCount = -1;
        float reward = 0, pscore = 0;
        bool hasAction = false, hasReward = false, hasPscore = false, hasPosition = false;
        int targetStart = _target.Count, contextStart = _context.Count, qHatStart = _qHat.Count;
        if (!scan.TryConsume((byte)'}'))
        {
            do
            {
                var key = scan.ReadString();
                scan.Expect((byte)':');
                if (key.SequenceEqual("action"u8)) { action = Int(ref scan, line, "action"); hasAction = true; }
                else if (key.SequenceEqual("reward"u8)) { reward = Number(ref scan, line, "reward"); hasReward = true; }
                else if (key.SequenceEqual("pscore"u8)) { pscore = Number(ref scan, line, "pscore"); hasPscore = true; }
                else if (key.SequenceEqual("target"u8)) { targetCount = Array(ref scan, line, "target", ref _target, targetStart); }
                else if (key.SequenceEqual("context"u8)) { contextCount = Array(ref scan, line, "context", ref _context, contextStart); }
                else if (key.SequenceEqual("q_hat"u8)) { qHatCount = Array(ref scan, line, "q_hat", ref _qHat, qHatStart); }
                else if (key.SequenceEqual("position"u8))
                {
                    if (!scan.TryNull()) { position = Int(ref scan, line, "position"); hasPosition = true; }
                }
                else { scan.SkipValue(); }
            }
            while (scan.TryConsume((byte)','));
            scan.Expect((byte)'}');
        }
        if (scan.Peek() != 0) { throw Fault(line, $"text after the row's JSON object at column {scan.Column}; one object per line"); }

        if (!hasAction) { throw Missing(line, "action"); }
        if (!hasReward) { throw Missing(line, "reward"); }
        if (!hasPscore) { throw Missing(line, "pscore"); }
        if (targetCount < 0) { throw Missing(line, "target"); }
        if (!(pscore > 0 && pscore <= 1)) { throw Fault(line, $"pscore {Show(pscore)} is outside (0, 1]: it is the behaviour policy's probability of the logged action"); }

        if (_firstLine == 0)
        {
            if (targetCount == 0) { throw Fault(line, "target is empty; it holds the evaluated policy's probability of every action"); }
            _actions = targetCount;
            _contextDim = contextCount;
            _hasPosition = hasPosition;
            _hasQHat = qHatCount >= 0;
            _firstLine = line;
        }
        CheckLayout(line, targetCount, qHatCount, contextCount, hasPosition);
        if (action < 0 || action >= _actions) { throw Fault(line, $"action {action} is outside [0, {_actions}) (target has {_actions} probabilities)"); }
        if (hasPosition && position < 0) { throw Fault(line, $"position {position} is negative"); }

        double sum = 0;
        var target = _target.Span(targetStart, targetCount);
        foreach (float p in target)
        {
            if (p is < 0 or > 1) { throw Fault(line, $"target probability {Show(p)} is outside [0, 1]"); }
            sum += p;
        }
        if (Math.Abs(sum - 1) > BanditLog.TargetSumTolerance)
        {
            throw Fault(line, $"target probabilities sum to {sum.ToString("R", CultureInfo.InvariantCulture)}, not 1 (tolerance {BanditLog.TargetSumTolerance.ToString(CultureInfo.InvariantCulture)})");
        }
        _action.Add(action);
        _reward.Add(reward);
        _pscore.Add(pscore);
        if (hasPosition) { _position.Add(position); }
        _rows++;
    }

    /// <summary>Throws unless a row at <paramref name="line"/> with these counts (−1: column absent) has the first row's layout.</summary>
    private void CheckLayout(long line, int targetCount, int qHatCount, int contextCount, bool hasPosition)
    {
        if (targetCount != _actions) { throw Fault(line, $"target has {targetCount} probabilities but line {_firstLine} has {_actions}: every row covers the same actions"); }
        if (qHatCount >= 0 != _hasQHat) { throw Fault(line, Presence("q_hat", qHatCount >= 0)); }
        if (qHatCount >= 0 && qHatCount != _actions) { throw Fault(line, $"q_hat has {qHatCount} values but target has {_actions}: q_hat holds one estimate per action"); }
        if (contextCount >= 0 != _contextDim >= 0) { throw Fault(line, Presence("context", contextCount >= 0)); }
        if (contextCount != _contextDim) { throw Fault(line, $"context has {contextCount} values but line {_firstLine}'s has {_contextDim}"); }
        if (hasPosition != _hasPosition) { throw Fault(line, Presence("position", hasPosition)); }
    }

    /// <summary>Rows parsed so far.</summary>
    public int Rows => _rows;

    /// <summary>Takes the layout <paramref name="first"/>'s first row fixed, so that this chunk checks its rows against
    /// the file's first row (and names it) as one reader would.</summary>
    public void AdoptLayout(BanditLogColumns first)
    {
        ArgumentNullException.ThrowIfNull(first);
        (_actions, _contextDim, _hasPosition, _hasQHat, _firstLine) = (first._actions, first._contextDim, first._hasPosition, first._hasQHat, first._firstLine);
    }

    /// <summary>The log made of <paramref name="chunks"/> in order (each with the same layout; those without rows are skipped).</summary>
    public static BanditLog Concat(IReadOnlyList<BanditLogColumns> chunks, string name)
    {
        var full = chunks.Where(c => c._rows > 0).ToArray();
        if (full.Length == 0) { throw new BanditLogFormatException($"'{name}' holds no rows: an off-policy estimate needs at least one logged decision"); }
        if (full.Length == 1) { return full[0].Build(); }
        var f = full[0];
        T[]? Join<T>(Func<BanditLogColumns, GrowableColumn<T>> column, bool present)
        {
            if (!present) { return null; }
            var result = new T[full.Sum(c => (long)column(c).Count)];
            int at = 0;
            foreach (var c in full)
            {
                var part = column(c);
                part.Span(0, part.Count).CopyTo(result.AsSpan(at));
                at += part.Count;
            }
            return result;
        }
        return new BanditLog(f._actions, Join(c => c._action, true)!, Join(c => c._reward, true)!, Join(c => c._pscore, true)!, Join(c => c._target, true)!,
            Join(c => c._context, f._contextDim > 0), Math.Max(f._contextDim, 0), Join(c => c._position, f._hasPosition), Join(c => c._qHat, f._hasQHat));
    }

    private string Presence(string column, bool here) => here
        ? $"this row has {column} but line {_firstLine} has none: a column is in every row or in none"
        : $"{column} is missing, and line {_firstLine} has it: a column is in every row or in none";

    private BanditLogFormatException Missing(long line, string column) => Fault(line, $"missing column '{column}' (each row needs action, reward, pscore and target)");

    private float Number(ref JsonLineScanner scan, long line, string column)
    {
        if (!IsNumberStart(scan.Peek())) { throw Fault(line, $"{column} must be a number, not {What(scan.Peek())}"); }
        float v = scan.ReadFloat();
        if (!float.IsFinite(v)) { throw Fault(line, $"{column} is not a finite float32 number"); }
        return v;
    }

    private int Int(ref JsonLineScanner scan, long line, string column)
    {
        if (!IsNumberStart(scan.Peek())) { throw Fault(line, $"{column} must be an integer, not {What(scan.Peek())}"); }
        var text = scan.ReadNumberText();
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)) { return v; }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) { return (int)d; }
        throw Fault(line, $"{column} must be an integer, not {System.Text.Encoding.UTF8.GetString(text)}");
    }

    /// <summary>Appends the array's numbers to <paramref name="column"/>; the row's values start at <paramref name="start"/>. Returns their count, or −1 for null (the column is absent).</summary>
    private int Array(ref JsonLineScanner scan, long line, string name, ref GrowableColumn<float> column, int start)
    {
        if (column.Count != start) { throw Fault(line, $"{name} appears twice"); }
        if (scan.TryNull()) { return -1; }
        if (scan.Peek() != '[') { throw Fault(line, $"{name} must be an array of numbers, not {What(scan.Peek())}"); }
        scan.Expect((byte)'[');
        int count = 0;
        if (scan.TryConsume((byte)']')) { return 0; }
        do
        {
            if (!IsNumberStart(scan.Peek())) { throw Fault(line, $"{name}[{count}] must be a number, not {What(scan.Peek())}"); }
            float v = scan.ReadFloat();
            if (!float.IsFinite(v)) { throw Fault(line, $"{name}[{count}] is not a finite float32 number"); }
            column.Add(v);
            count++;
        }
        while (scan.TryConsume((byte)','));
        scan.Expect((byte)']');
        return count;
    }

    private static bool IsNumberStart(byte b) => b == '-' || (uint)(b - '0') <= 9;

    private static string What(byte b) => b switch
    {
        (byte)'N' or (byte)'I' => "NaN or Infinity: NaN and Infinity are not numbers in JSON, and every value of a log must be a finite number",
        (byte)'"' => "a string",
        (byte)'n' => "null",
        (byte)'t' or (byte)'f' => "a boolean",
        (byte)'[' => "an array",
        (byte)'{' => "an object",
        0 => "the end of the line",
        _ => $"'{(char)b}'",
    };

    private static string Show(float v) => v.ToString("R", CultureInfo.InvariantCulture);
}
