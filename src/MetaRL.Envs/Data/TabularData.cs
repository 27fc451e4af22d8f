using System.Globalization;

namespace MetaRL.Envs;

/// <summary>
/// A labelled table read from a CSV file with a header: numeric or categorical feature columns (categories coded 0, 1,
/// … in order of first appearance), missing values (NaN) where allowed, and a label column of class names. Every
/// defect is a <see cref="DataFormatException"/> naming the file, the line and, where one is at fault, the column: an
/// empty file, a blank or repeated column name, no label column, a row with another number of fields than the header,
/// a cell that is not a number or not finite in a numeric column, a missing value where none is allowed, a missing
/// label, fewer than two rows or fewer than two classes.
/// </summary>
public sealed class TabularData
{
    private TabularData(string[] features, bool[] categorical, double[] values, string[] labels, string[] classes) =>
        (FeatureNames, IsCategorical, _values, Labels, Classes) = (features, categorical, values, labels, classes);

    private readonly double[] _values;

    /// <summary>The feature columns' names, in file order (the label column left out).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Per feature column, whether it was read as categories.</summary>
    public IReadOnlyList<bool> IsCategorical { get; }

    /// <summary>Each row's label, as written.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The distinct labels, sorted ordinally.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Rows held.</summary>
    public int Rows => Labels.Count;

    /// <summary>Feature columns.</summary>
    public int Columns => FeatureNames.Count;

    /// <summary>Row <paramref name="row"/>'s features (NaN where missing).</summary>
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Columns, Columns);

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="DataFormatException">The file is missing, empty or malformed (the message names line and column).</exception>
    public static TabularData ReadCsv(string path, TabularCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) { throw new DataFormatException($"{path}: no such file"); }
        using var reader = new StreamReader(path);
        return Parse(reader, path, options);
    }

    /// <summary>Reads a CSV from <paramref name="reader"/>; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="DataFormatException">The text is empty or malformed (the message names line and column).</exception>
    public static TabularData Parse(TextReader reader, string name, TabularCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var header = reader.ReadLine()?.TrimStart('\uFEFF');
        if (string.IsNullOrWhiteSpace(header)) { throw new DataFormatException($"{name}: empty file; the first line must be the header"); }
        var names = header.Split(',').Select(h => h.Trim()).ToArray();
        DataFormatException HeaderError(string what) => new($"{name}: line 1: {what}") { Line = 1 };
        for (int c = 0; c < names.Length; c++)
        {
            if (names[c].Length == 0) { throw HeaderError($"column {c + 1} has no name"); }
            int first = Array.FindIndex(names, n => string.Equals(n, names[c], StringComparison.OrdinalIgnoreCase));
            if (first != c) { throw HeaderError($"column '{names[c]}' is named twice (columns {first + 1} and {c + 1})"); }
        }
        int label = Array.FindIndex(names, n => string.Equals(n, options.LabelColumn, StringComparison.OrdinalIgnoreCase));
        if (label < 0) { throw HeaderError($"no label column '{options.LabelColumn}'"); }
        foreach (var cat in options.Categorical)
        {
            if (!names.Any(n => string.Equals(n, cat, StringComparison.OrdinalIgnoreCase))) { throw HeaderError($"no categorical column '{cat}'"); }
        }
        var featureColumns = Enumerable.Range(0, names.Length).Where(c => c != label).ToArray();
        var categorical = featureColumns.Select(c => options.Categorical.Any(n => string.Equals(n, names[c], StringComparison.OrdinalIgnoreCase))).ToArray();
        var levels = featureColumns.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var values = new List<double>();
        var labels = new List<string>();
        long line = 1;
        foreach (var row in CsvRows.Read(reader, name, names.Length))
        {
            line = row.Line;
            var cells = row.Cells;
            DataFormatException Bad(string what) => row.Error(what);
            var y = cells[label].Trim();
            if (IsMissing(y, options)) { throw Bad($"column '{names[label]}': missing label"); }
            for (int f = 0; f < featureColumns.Length; f++)
            {
                int c = featureColumns[f];
                var cell = cells[c].Trim();
                if (IsMissing(cell, options))
                {
                    if (!options.AllowMissing) { throw Bad($"column '{names[c]}': missing value (missing values are not allowed here)"); }
                    values.Add(double.NaN);
                }
                else if (categorical[f])
                {
                    if (!levels[f].TryGetValue(cell, out int code)) { code = levels[f].Count; levels[f][cell] = code; }
                    values.Add(code);
                }
                else if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                {
                    throw Bad($"column '{names[c]}': '{cell}' is not a number");
                }
                else if (!double.IsFinite(v)) { throw Bad($"column '{names[c]}': '{cell}' is not a finite number"); }
                else { values.Add(v); }
            }
            labels.Add(y);
        }
        if (labels.Count < 2) { throw new DataFormatException($"{name}: {labels.Count} data rows; at least 2 are needed") { Line = line }; }
        var classes = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (classes.Length < 2) { throw new DataFormatException($"{name}: column '{names[label]}' holds one class ('{classes[0]}'); at least 2 are needed") { Line = line }; }
        return new TabularData([.. featureColumns.Select(c => names[c])], categorical, [.. values], [.. labels], classes);
    }

    private static bool IsMissing(string cell, TabularCsvOptions options) =>
        cell.Length == 0 || options.MissingTokens.Contains(cell, StringComparer.Ordinal);
}
