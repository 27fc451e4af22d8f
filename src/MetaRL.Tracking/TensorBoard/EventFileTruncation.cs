using System.Buffers.Binary;

namespace MetaRL.Tracking.TensorBoard;

/// <summary>
/// Drops the events logged at or after a step from an event file, as <see cref="MetricsTruncation"/> does for
/// metrics.jsonl, so a run resumed from a checkpoint never shows TensorBoard a step twice or going backwards.
/// </summary>
public static class EventFileTruncation
{
    /// <summary>
    /// Rewrites <paramref name="path"/> (atomically) with the records whose step is below <paramref name="step"/>, byte
    /// for byte, and the file-version header; records that fail their CRCs go too. A file left without any scalar is
    /// deleted (TensorBoard reads the run's other event files as its continuation).
    /// </summary>
    public static void KeepBefore(string path, long step)
    {
        if (!File.Exists(path)) { return; }
        byte[] bytes = File.ReadAllBytes(path);
        var contents = EventFileReader.Read(bytes, path);
        var kept = contents.Events.Where(e => e.FileVersion is not null || e.Step < step).ToList();
        if (kept.Count == contents.Events.Count && contents.Problems.Count == 0) { return; }
        if (!kept.Any(e => e.Scalars.Count > 0))
        {
            File.Delete(path);
            return;
        }
        AtomicFile.Write(path, stream =>
        {
            foreach (var e in kept)
            {
                int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)e.Offset, 8));
                stream.Write(bytes, (int)e.Offset, RecordFraming.HeaderBytes + length + RecordFraming.FooterBytes);
            }
        });
    }
}
