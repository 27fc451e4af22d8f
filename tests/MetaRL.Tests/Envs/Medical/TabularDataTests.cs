using MetaRL.Envs;

namespace MetaRL.Tests.Envs.Medical;

/// <summary>The tabular CSV loader: columns by name, categories coded, missing values where allowed, and every defect
/// refused naming its line and column.</summary>
public sealed class TabularDataTests
{
    private static readonly TabularCsvOptions Options = new() { LabelColumn = "y", Categorical = ["site"] };

    private static TabularData Parse(string text, TabularCsvOptions? options = null) =>
        TabularData.Parse(new StringReader(text), "cases.csv", options ?? Options);

    [Fact]
    public void Numeric_and_categorical_columns_are_read_missing_values_become_NaN_and_the_label_is_kept()
    {
        var d = Parse("\uFEFFa,site,Y,b\n1.5,north,M,2\n-2,south,B,NA\n3e1,north,B,?\n", new TabularCsvOptions { LabelColumn = "y", Categorical = ["site"], AllowMissing = true });
        Assert.Equal(["a", "site", "b"], d.FeatureNames);
        Assert.Equal([false, true, false], d.IsCategorical);
        Assert.Equal(3, d.Rows);
        Assert.Equal([1.5, 0, 2], d.Row(0).ToArray());
        Assert.Equal(1, d.Row(1)[1]);
        Assert.True(double.IsNaN(d.Row(1)[2]));
        Assert.Equal(30, d.Row(2)[0]);
        Assert.Equal(["M", "B", "B"], d.Labels);
        Assert.Equal(["B", "M"], d.Classes);
    }

    [Theory]
    [InlineData("a,site,y\n1,n,M\n2,s", 3, "2 fields; the header has 3")]
    [InlineData("a,site,y\n1,n,M\nx,s,B", 3, "column 'a': 'x' is not a number")]
    [InlineData("a,site,y\n1,n,M\nInfinity,s,B", 3, "column 'a': 'Infinity' is not a finite number")]
    [InlineData("a,site,y\n1,n,M\n,s,B", 3, "column 'a': missing value")]
    [InlineData("a,site,y\n1,n,M\n2,NA,B", 3, "column 'site': missing value")]
    [InlineData("a,site,y\n1,n,M\n2,s,?", 3, "column 'y': missing label")]
    [InlineData("a,site,y\n1,n,M\n2,s,", 3, "column 'y': missing label")]
    public void A_defective_row_is_refused_naming_its_line_and_column(string text, int line, string message)
    {
        var ex = Assert.Throws<DataFormatException>(() => Parse(text));
        Assert.Equal(line, ex.Line);
        Assert.Contains($"cases.csv: line {line}: {message}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,,y\n1,2,M\n2,3,B", "column 2 has no name")]
    [InlineData("a,A,y\n1,2,M\n2,3,B", "column 'A' is named twice (columns 1 and 2)")]
    [InlineData("a,site,label\n1,n,M\n2,s,B", "no label column 'y'")]
    [InlineData("a,b,y\n1,2,M\n2,3,B", "no categorical column 'site'")]
    public void A_defective_header_is_refused_naming_line_1(string text, string message)
    {
        var ex = Assert.Throws<DataFormatException>(() => Parse(text));
        Assert.Equal(1, ex.Line);
        Assert.Contains($"line 1: {message}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty file")]
    [InlineData("a,site,y\n1,n,M\n", "1 data rows; at least 2 are needed")]
    [InlineData("a,site,y\n1,n,M\n2,s,M\n", "holds one class ('M')")]
    public void A_file_without_enough_data_is_refused(string text, string message)
    {
        var ex = Assert.Throws<DataFormatException>(() => Parse(text));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_data_format_error_naming_it()
    {
        var ex = Assert.Throws<DataFormatException>(() => TabularData.ReadCsv("/nonexistent/cases.csv", Options));
        Assert.Contains("/nonexistent/cases.csv: no such file", ex.Message, StringComparison.Ordinal);
    }
}
