using System.Xml;
using Hl7.Fhir.Model;

namespace Leodis.Fhir;

/// <summary>
/// The narrative rules of narrative.html: an XHTML div with no active content (scripts, forms, frames, objects, event
/// handlers) and no document structure. Checked here rather than with the SDK's XHTML schema, which costs a
/// millisecond on every parse even when a resource has no narrative.
/// </summary>
internal static class NarrativeRules
{
    private const string Xhtml = "http://www.w3.org/1999/xhtml";

    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "object", "applet", "iframe", "frame", "frameset", "form", "input", "button", "select", "textarea",
        "embed", "base", "link", "meta", "head", "body", "html", "style", "title", "noscript",
    };

    public static void Check(Resource resource)
    {
        switch (resource)
        {
            case Bundle bundle:
                bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList().ForEach(Check);
                return;
            case Parameters parameters:
                parameters.Parameter.Select(p => p.Resource).OfType<Resource>().ToList().ForEach(Check);
                return;
            case not DomainResource:
                return;
        }

        var domain = (DomainResource)resource;

        if (domain.Text?.Div is { } div)
        {
            CheckDiv(div, $"{resource.TypeName}.text.div");
        }

        foreach (var contained in domain.Contained)
        {
            Check(contained);
        }
    }

    private static void CheckDiv(string div, string expression)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(div), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            reader.MoveToContent();
            if (reader.LocalName != "div" || reader.NamespaceURI != Xhtml)
            {
                throw Invalid("The narrative must be a <div> in the XHTML namespace.", expression);
            }

            do
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (reader.NamespaceURI != Xhtml || Forbidden.Contains(reader.LocalName))
                {
                    throw Invalid($"The narrative may not contain <{reader.Name}>.", expression);
                }

                while (reader.MoveToNextAttribute())
                {
                    if (reader.LocalName.StartsWith("on", StringComparison.OrdinalIgnoreCase) ||
                        reader.Value.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Invalid($"The narrative may not contain the active attribute '{reader.Name}'.", expression);
                    }
                }

                reader.MoveToElement();
            }
            while (reader.Read());
        }
        catch (XmlException e)
        {
            throw Invalid($"The narrative is not well-formed XHTML: {e.Message}", expression);
        }
    }

    private static FhirException Invalid(string message, string expression) => FhirException.BadRequest(message, expression);
}
