using System.Xml;
using System.Xml.Linq;

namespace MetaRL.Tracking.Reports;

/// <summary>
/// Builds XHTML with <see cref="XElement"/> (so all text and attributes are escaped) and serialises it so that
/// it is both well-formed XML and read correctly by HTML parsers: non-void elements are never self-closed.
/// </summary>
internal static class Xhtml
{
    public static readonly XNamespace Ns = "http://www.w3.org/1999/xhtml";

    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr" };

    public static XElement E(string name, params object?[] content) => new(Ns + name, content);

    public static XAttribute A(string name, object value) => new(name, value);

    public static XElement Row(string cell, IEnumerable<object?> cells, object? rowClass = null) =>
        E("tr", rowClass is null ? null : A("class", rowClass), cells.Select(c => c is XElement { Name.LocalName: "td" or "th" } ? c : E(cell, c)));

    public static XElement Table(IEnumerable<string> header, IEnumerable<XElement> rows, string? cssClass = null) =>
        E("table", cssClass is null ? null : A("class", cssClass), E("thead", Row("th", header)), E("tbody", rows));

    public static string Serialize(XElement html)
    {
        foreach (var e in html.DescendantsAndSelf().Where(e => e.Name.Namespace == Ns && e.IsEmpty && !Void.Contains(e.Name.LocalName)))
        {
            e.Value = "";
        }
        var sb = new StringBuilder("<!DOCTYPE html>\n");
        var settings = new XmlWriterSettings { OmitXmlDeclaration = true, Indent = false, NewLineHandling = NewLineHandling.Replace, NewLineChars = "\n" };
        using (var writer = XmlWriter.Create(sb, settings)) { html.WriteTo(writer); }
        return sb.Append('\n').ToString();
    }
}
