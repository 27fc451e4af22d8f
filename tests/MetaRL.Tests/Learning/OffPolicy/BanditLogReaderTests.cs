using System.Globalization;
using MetaRL.Random;
using System.Text;
using MetaRL.Learning.OffPolicy;

namespace MetaRL.Tests.Learning.OffPolicy;

public sealed class BanditLogReaderTests
{
    private const string Good = """{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"position":0,"target":[0.25,0.75],"q_hat":[0.1,0.9]}""";

    private static BanditLog Read(params string[] lines) => BanditLogReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n")), "log.jsonl");

    private static BanditLogFormatException Bad(params string[] lines) => Assert.Throws<BanditLogFormatException>(() => Read(lines));

    [Fact]
    public void A_written_log_reads_back_equal()
    {
        var log = OpeReference.RandomLog(200, 5, 1);
        var withContext = new BanditLog(log.Actions, log.Action, log.Reward, log.Pscore, log.Target,
            [.. Enumerable.Range(0, 400).Select(i => MathF.Sin(i) * 1e-3f)], 2, [.. Enumerable.Range(0, 200).Select(i => i % 3)], log.QHat);
        var stream = new MemoryStream();
        BanditLogWriter.Write(stream, withContext);
        stream.Position = 0;
        var back = BanditLogReader.Read(stream, "memory");
        Assert.Equal(withContext.Action, back.Action);
        Assert.Equal(withContext.Reward, back.Reward);
        Assert.Equal(withContext.Pscore, back.Pscore);
        Assert.Equal(withContext.Target, back.Target);
        Assert.Equal(withContext.QHat, back.QHat);
        Assert.Equal(withContext.Context, back.Context);
        Assert.Equal(withContext.Position, back.Position);
        Assert.Equal(2, back.ContextDim);
    }

    [Fact]
    public void The_writer_replaces_the_file_whole()
    {
        string path = Path.Combine(Path.GetTempPath(), $"metarl-ope-{Guid.NewGuid():N}.jsonl");
        try
        {
            BanditLogWriter.Write(path, OpeReference.RandomLog(3, 2, 1));
            BanditLogWriter.Write(path, OpeReference.RandomLog(5, 2, 2));
            Assert.Equal(5, BanditLogReader.Read(path).Rows);
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*.tmp"));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Optional_columns_may_be_absent_or_null_and_unknown_keys_and_blank_lines_are_skipped()
    {
        var log = Read("""{"action":0,"reward":0.5,"pscore":1,"target":[1,0],"note":"a \"quoted\" string","extra":{"a":[1,{"b":null}]}}""", "",
            """ { "action" : 1 , "reward" : -2e-1 , "pscore" : 1E0 , "target" : [ 0.0 , 1.0 ] , "context" : null , "q_hat" : null , "position" : null } """);
        Assert.Equal(2, log.Rows);
        Assert.Null(log.Context);
        Assert.Null(log.QHat);
        Assert.Null(log.Position);
        Assert.Equal(-0.2f, log.Reward[1]);
    }

    [Theory]
    [InlineData("""{"reward":1,"pscore":0.5,"target":[0.5,0.5]}""", "missing column 'action'")]
    [InlineData("""{"action":0,"pscore":0.5,"target":[0.5,0.5]}""", "missing column 'reward'")]
    [InlineData("""{"action":0,"reward":1,"target":[0.5,0.5]}""", "missing column 'pscore'")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5}""", "missing column 'target'")]
    [InlineData("""{"action":0,"reward":1,"pscore":0,"target":[0.5,0.5]}""", "pscore 0 is outside (0, 1]")]
    [InlineData("""{"action":0,"reward":1,"pscore":-0.1,"target":[0.5,0.5]}""", "outside (0, 1]")]
    [InlineData("""{"action":0,"reward":1,"pscore":1.5,"target":[0.5,0.5]}""", "pscore 1.5 is outside (0, 1]")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.4]}""", "sum to 0.9")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[1.5,-0.5]}""", "outside [0, 1]")]
    [InlineData("""{"action":0,"reward":NaN,"pscore":0.5,"target":[0.5,0.5]}""", "NaN and Infinity")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[Infinity,0.5]}""", "NaN and Infinity")]
    [InlineData("""{"action":0,"reward":1e39,"pscore":0.5,"target":[0.5,0.5]}""", "reward is not a finite float32")]
    [InlineData("""{"action":2,"reward":1,"pscore":0.5,"target":[0.5,0.5]}""", "action 2 is outside [0, 2)")]
    [InlineData("""{"action":-1,"reward":1,"pscore":0.5,"target":[0.5,0.5]}""", "action -1 is outside")]
    [InlineData("""{"action":0.5,"reward":1,"pscore":0.5,"target":[0.5,0.5]}""", "action must be an integer")]
    [InlineData("""{"action":"0","reward":1,"pscore":0.5,"target":[0.5,0.5]}""", "action must be an integer, not a string")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5]""", "not a JSON object")]
    [InlineData("""[1,2]""", "each line must be one JSON object")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5]} x""", "text after the row's JSON object")]
    public void A_bad_first_row_is_named_with_its_line_and_reason(string row, string reason)
    {
        var ex = Bad(row);
        Assert.Equal(1, ex.Line);
        Assert.Contains("'log.jsonl' line 1: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"position":0,"target":[0.2,0.3,0.5],"q_hat":[0.1,0.9,0]}""", "target has 3 probabilities but line 1 has 2")]
    [InlineData("""{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"position":0,"target":[0.25,0.75],"q_hat":[0.1]}""", "q_hat has 1 values but target has 2")]
    [InlineData("""{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"position":0,"target":[0.25,0.75]}""", "q_hat is missing, and line 1 has it")]
    [InlineData("""{"action":1,"reward":1,"pscore":0.5,"position":0,"target":[0.25,0.75],"q_hat":[0.1,0.9]}""", "context is missing")]
    [InlineData("""{"context":[0.5],"action":1,"reward":1,"pscore":0.5,"position":0,"target":[0.25,0.75],"q_hat":[0.1,0.9]}""", "context has 1 values but line 1's has 2")]
    [InlineData("""{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"target":[0.25,0.75],"q_hat":[0.1,0.9]}""", "position is missing")]
    [InlineData("""{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"position":-1,"target":[0.25,0.75],"q_hat":[0.1,0.9]}""", "position -1 is negative")]
    public void A_row_that_disagrees_with_the_first_is_named_with_its_line(string row, string reason)
    {
        var ex = Bad(Good, "", Good, row);
        Assert.Equal(4, ex.Line);
        Assert.Contains("line 4: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_log_is_refused()
    {
        Assert.Contains("holds no rows", Bad("", "  ").Message, StringComparison.Ordinal);
        Assert.Throws<BanditLogFormatException>(() => BanditLogReader.Read(new MemoryStream(), "empty"));
    }

    [Fact]
    public void A_line_longer_than_the_read_buffer_is_read_whole()
    {
        int k = 200_000;
        var target = string.Join(",", Enumerable.Repeat("0.000005", k));
        var log = Read($$"""{"action":3,"reward":1,"pscore":0.5,"target":[{{target}}]}""", $$"""{"action":0,"reward":0,"pscore":0.5,"target":[{{target}}]}""");
        Assert.Equal(k, log.Actions);
        Assert.Equal(2, log.Rows);
    }

    [Fact]
    public void Floats_parse_as_the_general_parser_does()
    {
        var rng = new Rng(5);
        var values = new List<string> { "0", "-0", "1", "0.1", "3.4028235e38", "1.17549435e-38", "1e-45", "7e-46", "123456789012345678901234", "0.000000000000000000000000001", "1.5E+3", "2.5e-3", "16777217", "0.30000001192092896" };
        for (int i = 0; i < 20_000; i++)
        {
            float f = BitConverter.Int32BitsToSingle((int)rng.NextULong());
            if (float.IsFinite(f)) { values.Add(f.ToString("R", CultureInfo.InvariantCulture)); }
            values.Add(((float)rng.Normal()).ToString("R", CultureInfo.InvariantCulture));
            values.Add(rng.NextDouble().ToString("R", CultureInfo.InvariantCulture));
        }
        var line = $$"""{"action":0,"reward":0,"pscore":1,"target":[1],"context":[{{string.Join(",", values)}}]}""";
        var log = Read(line);
        for (int i = 0; i < values.Count; i++)
        {
            float expected = float.Parse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(log.Context![i]), $"{values[i]}: {log.Context[i]:R} vs {expected:R}");
        }
    }
}

public sealed class BanditLogChunkedReadTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"metarl-ope-chunks-{Guid.NewGuid():N}.jsonl");

    public void Dispose() => File.Delete(_path);

    private const string Row = """{"context":[0.5,-1],"action":1,"reward":1,"pscore":0.5,"target":[0.25,0.75]}""";

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public void Parallel_chunks_read_the_same_log_as_one_stream(int chunks)
    {
        var log = OpeReference.RandomLog(1000, 4, 3);
        BanditLogWriter.Write(_path, log);
        var mapped = BanditLogReader.Read(_path, chunks);
        Assert.Equal(log.Action, mapped.Action);
        Assert.Equal(log.Reward, mapped.Reward);
        Assert.Equal(log.Target, mapped.Target);
        Assert.Equal(log.QHat, mapped.QHat);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(40)]
    public void The_first_fault_in_the_file_is_reported_whichever_chunk_holds_it(int chunks)
    {
        var lines = Enumerable.Repeat(Row, 60).ToArray();
        void Fails(long line, string reason)
        {
            File.WriteAllLines(_path, lines);
            var ex = Assert.Throws<BanditLogFormatException>(() => BanditLogReader.Read(_path, chunks));
            Assert.Equal(line, ex.Line);
            Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        }
        lines[44] = Row.Replace("\"pscore\":0.5", "\"pscore\":2", StringComparison.Ordinal);
        lines[30] = Row.Replace("[0.25,0.75]", "[0.25,0.5,0.25]", StringComparison.Ordinal);
        lines[20] = "";
        Fails(31, "line 31: target has 3 probabilities but line 1 has 2");
        lines[30] = Row;
        Fails(45, "pscore 2 is outside");
        // A chunk whose first row lacks a column the file's first row has.
        lines[44] = Row;
        lines[50] = Row.Replace("\"context\":[0.5,-1],", "", StringComparison.Ordinal);
        Fails(51, "context is missing");
        lines[50] = Row;
        File.WriteAllLines(_path, lines);
        Assert.Equal(59, BanditLogReader.Read(_path, chunks).Rows);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        File.WriteAllText(_path, "\n\n");
        Assert.Contains("holds no rows", Assert.Throws<BanditLogFormatException>(() => BanditLogReader.Read(_path, 4)).Message, StringComparison.Ordinal);
        File.WriteAllText(_path, "");
        Assert.Throws<BanditLogFormatException>(() => BanditLogReader.Read(_path));
    }
}
