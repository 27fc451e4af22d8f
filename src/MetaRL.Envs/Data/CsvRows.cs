namespace MetaRL.Envs;

/// <summary>One data line of a comma-separated file: its line number (the header is line 1) and its cells.</summary>
internal readonly record struct CsvRow(string Name, long Line, string[] Cells)
{
    /// <summary>The error for a defect of this line, naming the file and the line.</summary>
    public DataFormatException Error(string what) => new($"{Name}: line {Line}: {what}") { Line = Line };
}

/// <summary>The data lines of a comma-separated file after its header, as the data loaders read them: blank lines are
/// skipped, and a line with another number of fields than the header is refused.</summary>
internal static class CsvRows
{
    /// <summary>The rows left in <paramref name="reader"/> (its header already read, <paramref name="fields"/> columns);
    /// <paramref name="name"/> names the file in errors.</summary>
    public static IEnumerable<CsvRow> Read(TextReader reader, string name, int fields)
    {
        long line = 1;
        for (string? text = reader.ReadLine(); text is not null; text = reader.ReadLine())
        {
            line++;
            if (text.Length == 0) { continue; }
            var row = new CsvRow(name, line, text.Split(','));
            if (row.Cells.Length != fields) { throw row.Error($"{row.Cells.Length} fields; the header has {fields}"); }
            yield return row;
        }
    }
}
