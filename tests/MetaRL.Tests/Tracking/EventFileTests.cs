using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using MetaRL.Tracking;
using MetaRL.Tracking.TensorBoard;

namespace MetaRL.Tests.Tracking;

public sealed class EventFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metarl-tb-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Frames a record by the format's definition, with CRCs from the bitwise twin.</summary>
    private static byte[] Record(params byte[] data)
    {
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)data.Length);
        var lengthCrc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(lengthCrc, Crc32CReference.Mask(Crc32CReference.Compute(length)));
        var dataCrc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(dataCrc, Crc32CReference.Mask(Crc32CReference.Compute(data)));
        return [.. length, .. lengthCrc, .. data, .. dataCrc];
    }

    [Fact]
    public void Writer_produces_exactly_the_bytes_derived_from_the_format_definition()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir, startUnixSeconds: 1.0, hostname: "host"))
        {
            writer.Add("a", 3, 1.5, wallSeconds: 1.0);
            path = writer.Path;
        }
        // Event{wall_time=1.0 (field 1, fixed64), file_version="brain.Event:2" (field 3, length-delimited)}
        byte[] first = [0x09, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x1A, 13, .. Encoding.ASCII.GetBytes("brain.Event:2")];
        // Event{wall_time=2.0, step=3 (field 2, varint), summary (field 5){value (field 1){tag="a" (field 1), simple_value=1.5f (field 2, fixed32)}}}
        byte[] second = [0x09, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x10, 0x03, 0x2A, 10, 0x0A, 8, 0x0A, 1, (byte)'a', 0x15, 0x00, 0x00, 0xC0, 0x3F];
        byte[] expected = [.. Record(first), .. Record(second)];
        Assert.Equal("events.out.tfevents.0000000001.host", Path.GetFileName(path));
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void File_name_has_ten_digit_seconds_and_a_file_safe_host()
    {
        Assert.Equal("events.out.tfevents.1700000000.my_host.lan", TensorBoardWriter.FileName(1700000000.9, "my host.lan"));
        using var writer = new TensorBoardWriter(_dir);
        Assert.Matches(new Regex(@"^events\.out\.tfevents\.\d{10}\.[A-Za-z0-9._-]+$"), Path.GetFileName(writer.Path));
    }

    [Fact]
    public void Scalars_round_trip_through_the_reader()
    {
        string path;
        using (var writer = new TensorBoardWriter(_dir, startUnixSeconds: 1_700_000_000.5, hostname: "h"))
        {
            for (int i = 0; i < 50; i++)
            {
                writer.Add("episode/return", i * 100L, Math.Sin(i) * 200, i * 0.25);
                writer.Add("loss/policy", i * 100L, -i * 1e-3, i * 0.25);
            }
            writer.Add("edge/negative_step_nan", -5, double.NaN, 0);
            path = writer.Path;
        }
        var contents = EventFileReader.Read(path);
        Assert.Empty(contents.Problems);
        Assert.Equal(EventProto.FileVersion, contents.Events[0].FileVersion);
        Assert.Equal(1_700_000_000.5, contents.Events[0].WallTime);
        Assert.Equal(["episode/return", "loss/policy", "edge/negative_step_nan"], contents.Tags());
        var returns = contents.Scalars("episode/return").ToList();
        Assert.Equal(50, returns.Count);
        for (int i = 0; i < 50; i++)
        {
            Assert.Equal(i * 100L, returns[i].Step);
            Assert.Equal((float)(Math.Sin(i) * 200), (float)returns[i].Value);
            Assert.Equal(1_700_000_000.5 + i * 0.25, returns[i].Wall, 9);
        }
        var edge = contents.Scalars("edge/negative_step_nan").Single();
        Assert.Equal(-5, edge.Step);
        Assert.True(double.IsNaN(edge.Value));
    }

    private string WriteFour()
    {
        using var writer = new TensorBoardWriter(_dir, startUnixSeconds: 1000, hostname: "h");
        for (int i = 1; i <= 3; i++) { writer.Add("x", i, i * 10, i); }
        return writer.Path;
    }

    private static long[] Offsets(string path) => EventFileReader.Read(path).Events.Select(e => e.Offset).ToArray();

    [Fact]
    public void Corrupted_data_crc_is_reported_at_its_offset_and_the_other_records_still_read()
    {
        string path = WriteFour();
        long[] offsets = Offsets(path);
        var bytes = File.ReadAllBytes(path);
        bytes[offsets[2] + RecordFraming.HeaderBytes + 3] ^= 0x40; // flip a bit in the data of the second scalar
        File.WriteAllBytes(path, bytes);

        var contents = EventFileReader.Read(path);
        var problem = Assert.Single(contents.Problems);
        Assert.Equal(RecordProblemKind.DataChecksumMismatch, problem.Kind);
        Assert.Equal(offsets[2], problem.Offset);
        Assert.Equal([10f, 30f], contents.Scalars("x").Select(p => (float)p.Value));
    }

    [Fact]
    public void Corrupted_length_crc_is_reported_and_reading_resumes_at_the_next_valid_record()
    {
        string path = WriteFour();
        long[] offsets = Offsets(path);
        var bytes = File.ReadAllBytes(path);
        bytes[offsets[1]] ^= 0x01; // the length of the first scalar no longer matches its CRC
        File.WriteAllBytes(path, bytes);

        var contents = EventFileReader.Read(path);
        var problem = Assert.Single(contents.Problems);
        Assert.Equal(RecordProblemKind.LengthChecksumMismatch, problem.Kind);
        Assert.Equal(offsets[1], problem.Offset);
        Assert.Contains($"byte {offsets[2]}", problem.Message, StringComparison.Ordinal);
        Assert.Equal([20f, 30f], contents.Scalars("x").Select(p => (float)p.Value));
    }

    [Theory]
    [InlineData(1, RecordProblemKind.TruncatedData)]    // the last record lost its final byte (its data CRC)
    [InlineData(-5, RecordProblemKind.TruncatedHeader)] // only 5 bytes of the last record's header were written
    public void Truncated_tail_is_reported_and_every_complete_record_reads(int cut, RecordProblemKind kind)
    {
        string path = WriteFour();
        long[] offsets = Offsets(path);
        var bytes = File.ReadAllBytes(path);
        int keep = cut > 0 ? bytes.Length - cut : (int)offsets[3] - cut;
        File.WriteAllBytes(path, bytes[..keep]);

        var contents = EventFileReader.Read(path);
        var problem = Assert.Single(contents.Problems);
        Assert.Equal(kind, problem.Kind);
        Assert.Equal(offsets[3], problem.Offset);
        Assert.Equal([10f, 20f], contents.Scalars("x").Select(p => (float)p.Value));
    }

    [Fact]
    public void Records_become_visible_to_a_reader_after_the_count_or_time_flush_policy_fires()
    {
        var time = new ManualTime();
        using var writer = new TensorBoardWriter(_dir, 1000, "h", new FlushPolicy { EveryRecords = 3, Interval = TimeSpan.FromSeconds(2), Time = time });
        writer.Add("x", 1, 1, 0);
        Assert.Empty(EventFileReader.Read(writer.Path).Scalars("x")); // buffered
        time.Advance(TimeSpan.FromSeconds(3));
        writer.Add("x", 2, 2, 0);
        Assert.Equal(2, EventFileReader.Read(writer.Path).Scalars("x").Count()); // time-based flush
        writer.Add("x", 3, 3, 0);
        writer.Add("x", 4, 4, 0);
        Assert.Equal(2, EventFileReader.Read(writer.Path).Scalars("x").Count());
        writer.Add("x", 5, 5, 0);
        Assert.Equal(5, EventFileReader.Read(writer.Path).Scalars("x").Count()); // third record since the last flush
        Assert.Empty(EventFileReader.Read(writer.Path).Problems);
    }

    [Fact]
    public void Random_garbage_is_reported_without_throwing()
    {
        var rng = new MetaRL.Random.Rng(3);
        var garbage = new byte[500];
        for (int i = 0; i < garbage.Length; i++) { garbage[i] = (byte)rng.NextInt(256); }
        var contents = EventFileReader.Read(garbage);
        Assert.Empty(contents.Events);
        Assert.NotEmpty(contents.Problems);
        Assert.Equal(0, contents.Problems[0].Offset);
    }

    [Fact]
    public void Sinks_write_jsonl_and_events_together_and_jsonl_reads_back_with_non_finite_values()
    {
        using (var sink = new CompositeSink(new JsonlScalarSink(_dir), new TensorBoardWriter(_dir, 1000, "h")))
        {
            sink.Add("episode/return", 10, 1.25, 0.5);
            sink.Add("loss/value", 10, double.PositiveInfinity, 0.5);
        }
        var (series, problems) = MetricsJsonlReader.Read(Path.Combine(_dir, "metrics.jsonl"));
        Assert.Empty(problems);
        Assert.Equal(new ScalarPoint(10, 1.25, 0.5), series["episode/return"].Single());
        Assert.True(double.IsPositiveInfinity(series["loss/value"].Single().Value));
        Assert.Contains("\"value\":\"Infinity\"", File.ReadAllText(Path.Combine(_dir, "metrics.jsonl")), StringComparison.Ordinal);
        var tb = RunScalars.Load(_dir);
        Assert.True(tb.Float32);
        Assert.Equal(1.25, tb.Series["episode/return"].Single().Value);
    }

    [Fact]
    public void Half_written_jsonl_line_is_reported_not_thrown()
    {
        string path = Path.Combine(_dir, "metrics.jsonl");
        File.WriteAllText(path, "{\"tag\":\"a\",\"step\":1,\"value\":2,\"wall_s\":0}\n{\"tag\":\"a\",\"st");
        var (series, problems) = MetricsJsonlReader.Read(path);
        Assert.Single(series["a"]);
        Assert.Contains("line 2", Assert.Single(problems), StringComparison.Ordinal);
    }
}
