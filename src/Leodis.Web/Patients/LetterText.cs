using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace Leodis.Web.Patients;

/// <summary>
/// A document's text made safe to show: HTML from another system is never rendered as HTML (it could carry script or
/// forms), so its markup is read down to headings and paragraphs of plain text, which the page then writes encoded.
/// </summary>
public static partial class LetterText
{
    /// <summary>The document's blocks of text in order, or empty when it holds no text the page can show.</summary>
    public static IReadOnlyList<LetterBlock> Read(DocumentReference document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var attachment = document.Content.Select(c => c.Attachment).FirstOrDefault(a => a?.Data is { Length: > 0 });
        if (attachment?.Data is not { } data)
        {
            return [];
        }

        var text = Encoding.UTF8.GetString(data);
        return attachment.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true ? FromHtml(text)
            : attachment.ContentType?.StartsWith("text/", StringComparison.OrdinalIgnoreCase) != false ? FromPlainText(text)
            : [];
    }

    /// <summary>Headings and paragraphs of an HTML document as plain text; script, style and head are dropped whole.</summary>
    public static IReadOnlyList<LetterBlock> FromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var body = Hidden().Replace(html, " ");
        var blocks = new List<LetterBlock>();
        foreach (Match block in Block().Matches(body))
        {
            var text = Normalise(WebUtility.HtmlDecode(Tag().Replace(block.Groups["text"].Value, " ")));
            if (text.Length > 0)
            {
                blocks.Add(new LetterBlock(char.ToLowerInvariant(block.Groups["tag"].Value[0]) == 'h', text));
            }
        }

        // A document of bare text with no block elements still reads as one paragraph.
        if (blocks.Count == 0 && Normalise(WebUtility.HtmlDecode(Tag().Replace(body, " "))) is { Length: > 0 } bare)
        {
            blocks.Add(new LetterBlock(false, bare));
        }

        return blocks;
    }

    /// <summary>Plain text split into paragraphs at blank lines.</summary>
    public static IReadOnlyList<LetterBlock> FromPlainText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ParagraphBreak().Split(text.Replace("\r\n", "\n", StringComparison.Ordinal))
            .Select(Normalise).Where(p => p.Length > 0).Select(p => new LetterBlock(false, p)).ToList();
    }

    private static string Normalise(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"<(script|style|head|template|iframe|object)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<(?<tag>h[1-6]|p|li|div|td|th|pre|blockquote)\b[^>]*>(?<text>.*?)</\k<tag>\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Block();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex ParagraphBreak();
}
