namespace MetaRL.Envs;

/// <summary>How <see cref="TabularData.Parse"/> reads a table: which column is the label, which feature columns are
/// categorical and which cell texts mean "missing".</summary>
public sealed class TabularCsvOptions
{
    /// <summary>The header name of the label column (matched case-insensitively).</summary>
    /// <value>The default value is <c>label</c>.</value>
    public string LabelColumn { get; init; } = "label";

    /// <summary>Feature columns read as categories (coded 0, 1, … in order of first appearance); every other feature
    /// column must hold numbers.</summary>
    /// <value>The default value is empty (every feature numeric).</value>
    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>Cell texts (after trimming) that mean a missing value; an empty cell always does.</summary>
    /// <value>The default value is <c>NA</c> and <c>?</c>.</value>
    public IReadOnlyList<string> MissingTokens { get; init; } = ["NA", "?"];

    /// <summary>Whether a missing feature value is kept (as NaN, for <see cref="Standardizer"/> to impute) instead of
    /// refused. A missing label is always refused.</summary>
    /// <value>The default value is false.</value>
    public bool AllowMissing { get; init; }
}
