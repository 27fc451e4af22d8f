using System.Buffers;

namespace MetaRL.Learning.OffPolicy;

/// <summary>
/// Reads a bandit log written as JSON lines, one object per decision:
/// <c>{"context":[…],"action":3,"reward":1,"pscore":0.05,"position":0,"target":[…],"q_hat":[…]}</c>
/// (<c>context</c>, <c>position</c> and <c>q_hat</c> optional, other keys ignored, blank lines skipped). Every row is
/// validated as it is read and the first fault throws <see cref="BanditLogFormatException"/> naming its line: a missing
/// column, a value that is not a finite number, <c>pscore</c> outside (0, 1], target probabilities outside [0, 1] or not
/// summing to 1 within <see cref="BanditLog.TargetSumTolerance"/>, a row whose action count (or context length, or set of
/// optional columns) differs from the first row's, an action outside [0, actions), and a log without rows.
/// The file streams through one pooled buffer and each line is scanned straight into the columns (<see cref="JsonLineScanner"/>,
/// <see cref="JsonFloat"/>; no document per line).
/// </summary>
public static class BanditLogReader
{
    private const int BufferBytes = 1 << 20;

    /// <summary>Reads the log at <paramref name="path"/>.</summary>
    /// <exception cref="BanditLogFormatException">A row is malformed or the log is empty.</exception>
    public static BanditLog Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>Reads a log from <paramref name="stream"/>; <paramref name="name"/> is how messages call it.</summary>
    public static BanditLog Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var columns = new Columns(name);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            int filled = 0;
            long line = 0;
            while (true)
            {
                if (filled == buffer.Length) { Grow(ref buffer, filled); }
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                filled += read;
                bool final = read == 0;
                var pending = buffer.AsSpan(0, filled);
                int consumed = 0;
                while (true)
                {
                    int end = pending[consumed..].IndexOf((byte)'\n');
                    if (end < 0)
                    {
                        if (!final) { break; }
                        if (consumed < pending.Length) { columns.ParseLine(pending[consumed..], ++line); }
                        consumed = pending.Length;
                        break;
                    }
                    columns.ParseLine(pending.Slice(consumed, end), ++line);
                    consumed += end + 1;
                }
                if (final) { break; }
                pending[consumed..].CopyTo(buffer);
                filled -= consumed;
            }
            return columns.Build();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Grow(ref byte[] buffer, int filled)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
        buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = bigger;
    }

    /// <summary>The columns being filled, and what the first row fixed (action count, context length, optional columns).</summary>
    private sealed class Columns(string name)
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

            if (_rows == 0)
            {
                if (targetCount == 0) { throw Fault(line, "target is empty; it holds the evaluated policy's probability of every action"); }
                _actions = targetCount;
                _contextDim = contextCount;
                _hasPosition = hasPosition;
                _hasQHat = qHatCount >= 0;
                _firstLine = line;
            }
            if (targetCount != _actions) { throw Fault(line, $"target has {targetCount} probabilities but line {_firstLine} has {_actions}: every row covers the same actions"); }
            if (qHatCount >= 0 != _hasQHat) { throw Fault(line, Presence("q_hat", qHatCount >= 0)); }
            if (qHatCount >= 0 && qHatCount != _actions) { throw Fault(line, $"q_hat has {qHatCount} values but target has {_actions}: q_hat holds one estimate per action"); }
            if (contextCount >= 0 != _contextDim >= 0) { throw Fault(line, Presence("context", contextCount >= 0)); }
            if (contextCount != _contextDim) { throw Fault(line, $"context has {contextCount} values but line {_firstLine}'s has {_contextDim}"); }
            if (hasPosition != _hasPosition) { throw Fault(line, Presence("position", hasPosition)); }
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
}
