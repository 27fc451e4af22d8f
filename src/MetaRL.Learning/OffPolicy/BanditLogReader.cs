using System.Buffers;
using System.IO.MemoryMappedFiles;

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

    /// <summary>Files from this size on are memory-mapped and read in parallel chunks.</summary>
    internal const long ParallelBytes = 16 << 20;

    /// <summary>The largest chunk (a span's length is an int).</summary>
    private const long MaxChunk = 1 << 30;

    /// <summary>Reads the log at <paramref name="path"/>: a file of <see cref="ParallelBytes"/> or more is mapped into memory
    /// and split at line ends into four chunks per core, the chunks parsed in parallel straight into the log's arrays; a
    /// fault is still the first one in the file, named by its line.</summary>
    /// <exception cref="BanditLogFormatException">A row is malformed or the log is empty.</exception>
    public static BanditLog Read(string path) => Read(path, chunks: 0);

    /// <summary><see cref="Read(string)"/> with <paramref name="chunks"/> parallel chunks whatever the size (0: by size and cores).</summary>
    internal static BanditLog Read(string path, int chunks)
    {
        long length = new FileInfo(path).Length;
        if (length == 0 || (chunks == 0 && length < ParallelBytes))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            return Read(stream, path);
        }
        // Four chunks per core: on a shared machine a core may stall, and the others then take its remaining chunks.
        if (chunks == 0) { chunks = 4 * Environment.ProcessorCount; }
        chunks = (int)Math.Max(chunks, (length + MaxChunk - 1) / MaxChunk);
        return ReadMapped(path, length, chunks);
    }

    private static unsafe BanditLog ReadMapped(string path, long length, int chunks)
    {
        using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            byte* data = pointer + view.PointerOffset;
            var start = new long[chunks + 1];
            start[chunks] = length;
            for (int i = 1; i < chunks; i++) { start[i] = NextLineStart(data, length, Math.Max(start[i - 1], length * i / chunks)); }
            var newlines = new long[chunks];
            Parallel.For(0, chunks, i => newlines[i] = new ReadOnlySpan<byte>(data + start[i], (int)(start[i + 1] - start[i])).Count((byte)'\n'));
            var first = FirstRow(new ReadOnlySpan<byte>(data, (int)Math.Min(length, MaxChunk)), path);
            // Every line but blank ones is a row, so the lines bound the rows, and chunk i's rows start at the lines before it:
            // the chunks parse straight into the log's arrays (a chunk with blank lines leaves a gap, closed by a copy).
            var lines = newlines.ToArray();
            if (data[length - 1] != '\n') { lines[^1]++; }
            var lineStart = new long[chunks + 1];
            for (int i = 0; i < chunks; i++) { lineStart[i + 1] = lineStart[i] + lines[i]; }
            var arrays = lineStart[chunks] * Math.Max(first.Width, 1) <= Array.MaxLength ? new BanditLogColumns.SharedArrays(first, (int)lineStart[chunks]) : null;
            var columns = new BanditLogColumns[chunks];
            var faults = new BanditLogFormatException?[chunks];
            Parallel.For(0, chunks, i =>
            {
                columns[i] = new BanditLogColumns(path);
                columns[i].AdoptLayout(first);
                if (arrays is not null) { columns[i].FillWindow(arrays, (int)lineStart[i], (int)lines[i]); }
                long line = lineStart[i];
                var chunk = new ReadOnlySpan<byte>(data + start[i], (int)(start[i + 1] - start[i]));
                try
                {
                    while (!chunk.IsEmpty)
                    {
                        int end = chunk.IndexOf((byte)'\n');
                        columns[i].ParseLine(end < 0 ? chunk : chunk[..end], ++line);
                        chunk = end < 0 ? [] : chunk[(end + 1)..];
                    }
                }
                catch (BanditLogFormatException ex) { faults[i] = ex; }
            });
            foreach (var fault in faults) { if (fault is not null) { throw fault; } }
            return arrays is null ? BanditLogColumns.Concat(columns, path) : BanditLogColumns.Join(arrays, columns, path);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>The columns holding the file's first row, which fixes every row's layout (its fault, if any, is the file's first).</summary>
    private static BanditLogColumns FirstRow(ReadOnlySpan<byte> text, string path)
    {
        var probe = new BanditLogColumns(path);
        long line = 0;
        while (probe.Rows == 0 && !text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            probe.ParseLine(end < 0 ? text : text[..end], ++line);
            text = end < 0 ? [] : text[(end + 1)..];
        }
        return probe.Rows > 0 ? probe : throw new BanditLogFormatException($"'{path}' holds no rows: an off-policy estimate needs at least one logged decision");
    }

    /// <summary>The offset just after the first line end at or after <paramref name="from"/> − 1 (so a chunk starts a line), or the length.</summary>
    private static unsafe long NextLineStart(byte* data, long length, long from)
    {
        if (from <= 0) { return 0; }
        for (long at = from - 1; at < length; at += MaxChunk)
        {
            int found = new ReadOnlySpan<byte>(data + at, (int)Math.Min(MaxChunk, length - at)).IndexOf((byte)'\n');
            if (found >= 0) { return at + found + 1; }
        }
        return length;
    }

    /// <summary>Reads a log from <paramref name="stream"/>; <paramref name="name"/> is how messages call it.</summary>
    public static BanditLog Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var columns = new BanditLogColumns(name);
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
}
