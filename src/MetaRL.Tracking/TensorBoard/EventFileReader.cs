using System.Buffers.Binary;

namespace MetaRL.Tracking.TensorBoard;

/// <summary>The events of a file and every problem met while reading it.</summary>
public sealed record EventFileContents(string Path, IReadOnlyList<TensorBoardEvent> Events, IReadOnlyList<RecordProblem> Problems)
{
    /// <summary>Every scalar of <paramref name="tag"/>, in file order.</summary>
    public IEnumerable<ScalarPoint> Scalars(string tag) =>
        from e in Events
        from s in e.Scalars
        where s.Tag == tag
        select new ScalarPoint(e.Step, s.Value, e.WallTime);

    /// <summary>The distinct scalar tags, in order of first appearance.</summary>
    public IReadOnlyList<string> Tags() => Events.SelectMany(e => e.Scalars).Select(s => s.Tag).Distinct().ToList();
}

/// <summary>
/// Reads TFRecord event files, verifying both CRCs of every record. Corrupted and truncated records are
/// reported with their byte offset rather than thrown: a record whose data CRC fails is skipped; after a
/// bad length CRC the reader searches forward for the next record whose two CRCs verify.
/// </summary>
public static class EventFileReader
{
    /// <summary>Reads the file at <paramref name="path"/> (shared with a writer still appending to it).</summary>
    public static EventFileContents Read(string path)
    {
        byte[] bytes;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            bytes = memory.ToArray();
        }
        return Read(bytes, path);
    }

    /// <summary>Reads event records from bytes.</summary>
    public static EventFileContents Read(ReadOnlySpan<byte> bytes, string path = "")
    {
        var events = new List<TensorBoardEvent>();
        var problems = new List<RecordProblem>();
        long pos = 0;
        while (pos < bytes.Length)
        {
            long remaining = bytes.Length - pos;
            if (remaining < RecordFraming.HeaderBytes)
            {
                problems.Add(new(pos, RecordProblemKind.TruncatedHeader, $"truncated record: {remaining} bytes left, a header needs {RecordFraming.HeaderBytes}"));
                break;
            }
            var header = bytes.Slice((int)pos, RecordFraming.HeaderBytes);
            if (!HeaderValid(header))
            {
                long next = FindNextRecord(bytes, pos + 1);
                string skipped = next < 0 ? "no valid record follows" : $"skipped {next - pos} bytes to the next valid record at byte {next}";
                problems.Add(new(pos, RecordProblemKind.LengthChecksumMismatch, $"corrupted record: length CRC mismatch; {skipped}"));
                if (next < 0) { break; }
                pos = next;
                continue;
            }
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (length > (ulong)(remaining - RecordFraming.HeaderBytes - RecordFraming.FooterBytes))
            {
                problems.Add(new(pos, RecordProblemKind.TruncatedData, $"truncated record: declares {length} data bytes, {remaining - RecordFraming.HeaderBytes} bytes left"));
                break;
            }
            int n = (int)length;
            var data = bytes.Slice((int)pos + RecordFraming.HeaderBytes, n);
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[((int)pos + RecordFraming.HeaderBytes + n)..]);
            if (stored != Crc32C.Masked(data))
            {
                problems.Add(new(pos, RecordProblemKind.DataChecksumMismatch, $"corrupted record: data CRC mismatch ({n} data bytes skipped)"));
            }
            else
            {
                try { events.Add(TensorBoardEvent.Decode(data, pos)); }
                catch (FormatException ex) { problems.Add(new(pos, RecordProblemKind.MalformedEvent, $"record is not a valid Event: {ex.Message}")); }
            }
            pos += RecordFraming.HeaderBytes + n + RecordFraming.FooterBytes;
        }
        return new EventFileContents(path, events, problems);
    }

    private static bool HeaderValid(ReadOnlySpan<byte> header) =>
        BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) == Crc32C.Masked(header[..8]);

    // A position counts as a record start only when both CRCs verify, so random bytes are not mistaken for one.
    private static long FindNextRecord(ReadOnlySpan<byte> bytes, long from)
    {
        for (long p = from; p + RecordFraming.HeaderBytes + RecordFraming.FooterBytes <= bytes.Length; p++)
        {
            var header = bytes.Slice((int)p, RecordFraming.HeaderBytes);
            if (!HeaderValid(header)) { continue; }
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (length > (ulong)(bytes.Length - p - RecordFraming.HeaderBytes - RecordFraming.FooterBytes)) { continue; }
            int n = (int)length;
            var data = bytes.Slice((int)p + RecordFraming.HeaderBytes, n);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes[((int)p + RecordFraming.HeaderBytes + n)..]) == Crc32C.Masked(data)) { return p; }
        }
        return -1;
    }
}
