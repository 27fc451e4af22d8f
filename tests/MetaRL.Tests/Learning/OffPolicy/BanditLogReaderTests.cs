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

    [Theory]
    [InlineData("""{"action":0,"action":1,"reward":1,"pscore":0.5,"target":[0.5,0.5]}""", "key 'action' appears twice")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5],"target":[0.5,0.5]}""", "key 'target' appears twice")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5],"position":null,"position":1}""", "key 'position' appears twice")]
    [InlineData("""{"action":0,"reward":1,"context":null,"pscore":0.5,"target":[0.5,0.5],"context":[1]}""", "key 'context' appears twice")]
    [InlineData("""{"action":0,"reward":1,"pscore":0.5,"t":1,"u":2,"v":3,"w":4,"x":5,"t":6,"target":[0.5,0.5]}""", "key 't' appears twice")]
    public void A_key_twice_in_a_row_is_named_with_its_line(string row, string reason)
    {
        var ex = Bad(Good, row);
        Assert.Equal(2, ex.Line);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        // Other keys once each, however many, are skipped.
        Assert.Equal(1, Read("""{"action":0,"reward":1,"pscore":0.5,"t":1,"u":2,"v":3,"w":4,"x":5,"y":6,"target":[0.5,0.5]}""").Rows);
    }

    [Fact]
    public void A_byte_order_mark_before_the_first_line_is_skipped_and_nowhere_else()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var bytes = bom.Concat(Encoding.UTF8.GetBytes(Good + "\n" + Good + "\n")).ToArray();
        var log = BanditLogReader.Read(new MemoryStream(bytes), "bom");
        Assert.Equal(2, log.Rows);
        Assert.Equal([0.25f, 0.75f, 0.25f, 0.75f], log.Target);
        var second = Encoding.UTF8.GetBytes(Good + "\n").Concat(bom).Concat(Encoding.UTF8.GetBytes(Good + "\n")).ToArray();
        Assert.Equal(2, Assert.Throws<BanditLogFormatException>(() => BanditLogReader.Read(new MemoryStream(second), "bom")).Line);
    }

    [Fact]
    public void An_empty_context_reads_as_no_context_and_refuses_a_q_hat_fit_naming_the_line()
    {
        var log = Read("", """{"context":[],"action":0,"reward":1,"pscore":0.5,"target":[0.5,0.5]}""", """{"context":[],"action":1,"reward":0,"pscore":0.5,"target":[0.5,0.5]}""");
        Assert.Null(log.Context);
        Assert.Equal(2, log.EmptyContextLine);
        var ipw = OffPolicyEvaluation.Evaluate(log, new OpeOptions { Estimators = [OpeEstimator.Create("ipw")], BootstrapSamples = 0 });
        Assert.Equal(0.5, ipw.Rows[0].Value, 12);
        var ex = Assert.Throws<BanditLogFormatException>(() => OffPolicyEvaluation.Evaluate(log, new OpeOptions { BootstrapSamples = 0 }));
        Assert.Equal(2, ex.Line);
        Assert.Contains("line 2: context is an empty array", ex.Message, StringComparison.Ordinal);
        Assert.Contains("context has 0 values but line 1's has 2", Bad(Good, Good.Replace("[0.5,-1]", "[]", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
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

/// <summary>The fast array path of <see cref="JsonLineScanner.TryReadFloats"/> against a naive twin (float.Parse of each number
/// on its own) and against the scanner's general path (<see cref="JsonLineScanner.ReadFloat"/>): the same bits, or a refusal.</summary>
public sealed class FastFloatTests
{
    private static IEnumerable<string> Numbers()
    {
        var inv = CultureInfo.InvariantCulture;
        string[] edges =
        [
            "0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "9", "10", "3.4028235e38", "3.4028234e38", "-3.4028235E+38", "1.17549435e-38", "1.1754942e-38",
            "1e-45", "1.4e-45", "7e-46", "7.1e-46", "1e-46", "2e-45", "123456789012345678901234", "1234567890123456789", "12345678901234567890",
            "0.000000000000000000000000001", "0.00000012345678", "1.5E+3", "2.5e-3", "1e22", "1e23", "1e-22", "1e-23", "16777216", "16777217",
            "16777218", "16777219", "0.30000001192092896", "9007199254740993", "9007199254740992", "12345678", "123456789", "1234567.8",
            "0.12345678", "0.123456789", "99999999", "999999999", "0.99999999999999999999", "4.9406564584124654e-324", "1e0", "1E-0", "5e+0",
        ];
        foreach (var e in edges) { yield return e; }
        var rng = new Rng(11);
        for (int i = 0; i < 20_000; i++)
        {
            float f = BitConverter.Int32BitsToSingle((int)rng.NextULong());
            if (float.IsFinite(f)) { yield return f.ToString("R", inv); }
            float g = (float)(rng.Normal() * Math.Pow(10, rng.NextInt(13) - 6));
            yield return g.ToString("R", inv);
            yield return rng.NextDouble().ToString("R", inv);
            yield return (rng.NextDouble() * 1000).ToString("F" + rng.NextInt(12), inv);
            // The exact midpoint of two neighbouring floats (a double, written exactly): a tie, rounded to even.
            float lo = (float)rng.NextDouble() * MathF.Pow(10, rng.NextInt(20) - 10);
            double mid = ((double)lo + MathF.BitIncrement(lo)) / 2;
            yield return mid.ToString("R", inv);
            // A float just above and below the midpoint in its 17th digit.
            yield return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(mid) + 1).ToString("R", inv);
            yield return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(mid) - 1).ToString("R", inv);
            // Subnormal floats.
            yield return BitConverter.Int32BitsToSingle(1 + rng.NextInt(0x7FFFFF)).ToString("R", inv);
        }
    }

    [Fact]
    public void The_fast_path_gives_the_general_parsers_bits_or_refuses()
    {
        int fast = 0, total = 0;
        foreach (var text in Numbers())
        {
            total++;
            var bytes = Encoding.ASCII.GetBytes(text + "]");
            float expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            var column = new GrowableColumn<float>(4);
            var scan = new JsonLineScanner(bytes);
            if (scan.TryReadFloats(ref column, out int count))
            {
                fast++;
                Assert.Equal(1, count);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(column.Span(0, 1)[0]), $"{text}: fast {column.Span(0, 1)[0]:R} vs {expected:R}");
                Assert.True(scan.AtEnd);
            }
            else
            {
                Assert.Equal(0, column.Count);
                Assert.True(!float.IsFinite(expected) || text.Length > 19, $"{text} was refused");
            }
            var general = new JsonLineScanner(Encoding.ASCII.GetBytes(text));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(general.ReadFloat()));
        }
        Assert.True(fast > total * 95 / 100, $"the fast path took {fast} of {total}");
    }

    [Fact]
    public void A_long_array_of_mixed_numbers_reads_as_one_by_one()
    {
        var numbers = Numbers().Where(t => t.Length <= 19 && float.IsFinite(float.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture))).Take(30_000).ToArray();
        var column = new GrowableColumn<float>(16);
        var scan = new JsonLineScanner(Encoding.ASCII.GetBytes(string.Join(",", numbers) + "]"));
        Assert.True(scan.TryReadFloats(ref column, out int count));
        Assert.Equal(numbers.Length, count);
        for (int i = 0; i < numbers.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(float.Parse(numbers[i], NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.SingleToInt32Bits(column.Span(i, 1)[0]));
        }
    }

    [Theory]
    [InlineData("1, 2]")]
    [InlineData("]")]
    [InlineData("01]")]
    [InlineData("1.]")]
    [InlineData("1e]")]
    [InlineData(".5]")]
    [InlineData("1,]")]
    [InlineData("1;2]")]
    [InlineData("1e99999]")]
    [InlineData("1e39]")]
    [InlineData("1,2")]
    [InlineData("-]")]
    [InlineData("1 ]")]
    public void What_the_fast_path_does_not_take_it_leaves_untouched(string text)
    {
        var column = new GrowableColumn<float>(4);
        column.Add(7);
        var scan = new JsonLineScanner(Encoding.ASCII.GetBytes(text));
        Assert.False(scan.TryReadFloats(ref column, out _));
        Assert.Equal(1, column.Count);
        Assert.Equal(1, scan.Column);
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
