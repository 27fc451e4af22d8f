using MetaRL.Envs;
using MetaRL.Envs.Markets;

namespace MetaRL.Tests.Envs.Markets;

/// <summary>The OHLCV reader: columns by name, gaps reported, and every defect refused naming its line.</summary>
public sealed class PriceSeriesTests
{
    private static PriceSeries Parse(string text) => PriceSeries.Parse(new StringReader(text), "prices.csv");

    [Fact]
    public void Columns_are_found_by_name_a_bom_is_skipped_and_gaps_are_reported_not_refused()
    {
        var s = Parse("\uFEFFDate,Close,Open,High,Low,Volume\n2024-01-02,101,100,102,99,1000\n2024-01-03,99,101,101.5,98,1200\n\n2024-01-10,110,99,111,98.5,900\n");
        Assert.Equal(3, s.Count);
        Assert.Equal([101.0, 99, 110], s.Close);
        Assert.Equal([100.0, 101, 99], s.Open);
        Assert.Equal([99 / 101.0 - 1, 110 / 99.0 - 1], s.Returns());
        Assert.Equal([(new DateOnly(2024, 1, 3), new DateOnly(2024, 1, 10))], s.Gaps);
    }

    [Theory]
    [InlineData("2024-01-02,100,101,99,100,5\n2024/01/03,100,101,99,100,5", 3, "not yyyy-MM-dd")]
    [InlineData("2024-01-03,100,101,99,100,5\n2024-01-02,100,101,99,100,5", 3, "sorted oldest first")]
    [InlineData("2024-01-02,100,101,99,100,5\n2024-01-02,100,101,99,100,5", 3, "appears twice")]
    [InlineData("2024-01-02,100,101,99,100,5\n2024-01-03,-1,101,99,100,5", 3, "open '-1' is not a positive price")]
    [InlineData("2024-01-02,100,101,99,100,5\n2024-01-03,100,101,99,NaN,5", 3, "close 'NaN'")]
    [InlineData("2024-01-02,100,99.5,99,100,5\n2024-01-03,100,101,99,100,5", 2, "high 99.5 is below")]
    [InlineData("2024-01-02,100,101,100.5,100,5\n2024-01-03,100,101,99,100,5", 2, "low 100.5 is above")]
    [InlineData("2024-01-02,100,101,99,100,-5\n2024-01-03,100,101,99,100,5", 2, "volume '-5'")]
    [InlineData("2024-01-02,100,101,99,100\n2024-01-03,100,101,99,100,5", 2, "5 fields; the header has 6")]
    public void A_defective_row_is_refused_naming_its_line(string rows, int line, string message)
    {
        var ex = Assert.Throws<DataFormatException>(() => Parse("date,open,high,low,close,volume\n" + rows));
        Assert.Equal(line, ex.Line);
        Assert.Contains($"line {line}", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_an_empty_file_and_a_single_bar_are_refused()
    {
        Assert.Contains("no 'volume' column", Assert.Throws<DataFormatException>(() => Parse("date,open,high,low,close\n")).Message, StringComparison.Ordinal);
        Assert.Contains("empty file", Assert.Throws<DataFormatException>(() => Parse("")).Message, StringComparison.Ordinal);
        Assert.Contains("at least 2", Assert.Throws<DataFormatException>(() => Parse("date,open,high,low,close,volume\n2024-01-02,100,101,99,100,5\n")).Message, StringComparison.Ordinal);
        Assert.Contains("no such file", Assert.Throws<DataFormatException>(() => PriceSeries.ReadCsv("/nonexistent/prices.csv")).Message, StringComparison.Ordinal);
    }
}
