namespace MetaRL.Envs.Medical;

/// <summary>
/// The cases <see cref="Diagnosis"/> draws patients from: a <see cref="TabularData"/> table whose label column says
/// which rows are malignant, the list price of each feature ("test"), and the stratified folds that cross-validation
/// and the environment's train/test partitions share. The built-in set is the Wisconsin Diagnostic Breast Cancer data
/// (Wolberg, Street &amp; Mangasarian 1995; UCI, CC BY 4.0; <c>data/wdbc/</c>), embedded in this assembly.
/// </summary>
public sealed class DiagnosisData
{
    private static readonly Lazy<DiagnosisData> Builtin = new(() =>
    {
        using var stream = typeof(DiagnosisData).Assembly.GetManifestResourceStream("MetaRL.Envs.Medical.wdbc.csv")
            ?? throw new InvalidOperationException("The embedded WDBC data is missing from MetaRL.Envs.");
        using var reader = new StreamReader(stream);
        return new DiagnosisData(TabularData.Parse(reader, "wdbc.csv", new TabularCsvOptions { LabelColumn = "diagnosis" }), "M", "wdbc");
    });

    /// <summary>Wraps <paramref name="table"/>; rows labelled <paramref name="positive"/> are malignant.</summary>
    public DiagnosisData(TabularData table, string positive, string name)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (!table.Classes.Contains(positive))
        {
            throw new DataFormatException($"{name}: no row has the positive label '{positive}' (labels: {string.Join(", ", table.Classes)})");
        }
        if (table.Classes.Count != 2) { throw new DataFormatException($"{name}: a diagnosis needs two classes, the label column holds {table.Classes.Count}"); }
        Table = table;
        Name = name;
        Malignant = [.. table.Labels.Select(l => l == positive)];
        ListPrices = [.. table.FeatureNames.Select(ListPrice)];
    }

    /// <summary>The Wisconsin Diagnostic Breast Cancer data: 569 cases, 30 features, 212 malignant.</summary>
    public static DiagnosisData Wdbc => Builtin.Value;

    /// <summary>Reads a CSV (header, numeric features, label column <paramref name="label"/>; no missing labels).</summary>
    /// <exception cref="DataFormatException">The file is malformed or has not two classes.</exception>
    public static DiagnosisData Load(string path, string label, string positive) =>
        new(TabularData.ReadCsv(path, new TabularCsvOptions { LabelColumn = label, AllowMissing = true }), positive, Path.GetFileName(path));

    /// <summary>The table.</summary>
    public TabularData Table { get; }

    /// <summary>A short name for reports.</summary>
    public string Name { get; }

    /// <summary>Per row, whether it is malignant (the positive class).</summary>
    public IReadOnlyList<bool> Malignant { get; }

    /// <summary>Per feature, its list price (<see cref="ListPrice"/>).</summary>
    public IReadOnlyList<double> ListPrices { get; }

    /// <summary>Number of tests (features).</summary>
    public int Tests => Table.Columns;

    /// <summary>The share of malignant rows among <paramref name="rows"/>.</summary>
    public double Prevalence(IReadOnlyList<int> rows) => rows.Count == 0 ? 0 : rows.Count(r => Malignant[r]) / (double)rows.Count;

    /// <summary>The stratified <paramref name="k"/>-fold split of the rows by diagnosis, shuffled with <paramref name="seed"/>.</summary>
    public StratifiedFolds Folds(int k, long seed) => new(Table.Labels, k, seed);

    /// <summary>
    /// A synthetic price list (WDBC records no prices): each of the ten nuclear measurements has a base price — size
    /// (radius, perimeter, area) and texture 1, smoothness, compactness and symmetry 2, concavity, concave points and
    /// fractal dimension 3 — and its <c>mean_</c> form costs the base, its <c>worst_</c> form 1.5× and its <c>_error</c> form
    /// (the spread over nuclei) 2×. A column of another data set costs 1.
    /// </summary>
    public static double ListPrice(string feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        string f = feature.ToLowerInvariant();
        double factor = f.StartsWith("worst_", StringComparison.Ordinal) ? 1.5 : f.EndsWith("_error", StringComparison.Ordinal) ? 2 : 1;
        string measure = f.Replace("worst_", "", StringComparison.Ordinal).Replace("mean_", "", StringComparison.Ordinal).Replace("_error", "", StringComparison.Ordinal);
        double? basePrice = measure switch
        {
            "radius" or "perimeter" or "area" or "texture" => 1,
            "smoothness" or "compactness" or "symmetry" => 2,
            "concavity" or "concave_points" or "fractal_dimension" => 3,
            _ => null,
        };
        return basePrice is double b ? b * factor : 1;
    }
}
