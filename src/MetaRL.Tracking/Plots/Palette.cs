namespace MetaRL.Tracking.Plots;

/// <summary>
/// Series colours: the Okabe–Ito palette (Okabe &amp; Ito, "Color Universal Design", 2008), chosen to stay
/// distinguishable with common colour-vision deficiencies, ordered so the first few differ most; after eight
/// series the colours repeat with a dash pattern.
/// </summary>
public static class Palette
{
    private static readonly string[] Colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#B8A200"];
    private static readonly string?[] Dashes = [null, "6 3", "2 2", "8 3 2 3"];

    /// <summary>The colour of series <paramref name="index"/>.</summary>
    public static string Colour(int index) => Colours[index % Colours.Length];

    /// <summary>The stroke dash pattern of series <paramref name="index"/> (null: solid).</summary>
    public static string? Dash(int index) => Dashes[index / Colours.Length % Dashes.Length];
}
