using System.Net;
using System.Text;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;

namespace Leodis.Fhir;

/// <summary>Parses and writes FHIR JSON and XML with the Firely SDK: strict for what clients send, lenient for what we stored.</summary>
public static class FhirFormat
{
    // Strict, but narratives are checked as XML here and against narrative.html by NarrativeRules: the SDK's XHTML schema
    // check made every parse six times slower.
    private static readonly DeserializerSettings Strict =
        new DeserializerSettings().UsingMode(DeserializationMode.Strict) with { NarrativeValidation = Hl7.Fhir.Validation.NarrativeValidationKind.Xml };

    private static readonly FhirJsonDeserializer StrictJson = new(Strict);
    private static readonly FhirXmlDeserializer StrictXml = new(Strict);
    private static readonly FhirJsonDeserializer StoredJson = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));
    private static readonly FhirJsonSerializer JsonWriter = new();
    private static readonly FhirXmlSerializer XmlWriter = new();

    /// <summary>
    /// Parses a client's JSON; every problem becomes a 400 whose issues point at the element. In a batch each entry
    /// stands alone (http.html#brules): an entry whose resource is invalid is kept without it, carrying its error as an
    /// <see cref="EntryError"/> annotation, and the rest of the batch goes ahead.
    /// </summary>
    public static Resource ParseJson(string json)
    {
        try
        {
            return ParseStrict(json);
        }
        catch (FhirException) when (IsBatch(json, out var batch))
        {
            var errors = new Dictionary<int, FhirException>();
            var entries = batch["entry"] as System.Text.Json.Nodes.JsonArray ?? [];
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i] is System.Text.Json.Nodes.JsonObject entry && entry["resource"] is { } resource)
                {
                    try
                    {
                        ParseStrict(resource.ToJsonString());
                    }
                    catch (FhirException e)
                    {
                        errors[i] = e;
                        entry.Remove("resource");
                    }
                }
            }

            var bundle = (Bundle)ParseStrict(batch.ToJsonString());
            foreach (var (index, error) in errors)
            {
                bundle.Entry[index].AddAnnotation(new EntryError(error));
            }

            return bundle;
        }
    }

    private static bool IsBatch(string json, out System.Text.Json.Nodes.JsonObject bundle)
    {
        bundle = null!;
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject root &&
                (string?)root["resourceType"] == "Bundle" && (string?)root["type"] == "batch")
            {
                bundle = root;
                return true;
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }

        return false;
    }

    private static Resource ParseStrict(string json)
    {
        try
        {
            var resource = StrictJson.DeserializeResource(json);
            NarrativeRules.Check(resource);
            return resource;
        }
        catch (DeserializationFailedException e)
        {
            throw Invalid(e);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw FhirException.BadRequest($"The body is not valid FHIR JSON: {e.Message}");
        }
    }

    /// <summary>Parses a client's XML; every problem becomes a 400 whose issues point at the element.</summary>
    public static Resource ParseXml(string xml)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            var resource = StrictXml.DeserializeResource(reader);
            NarrativeRules.Check(resource);
            return resource;
        }
        catch (DeserializationFailedException e)
        {
            throw Invalid(e);
        }
        catch (Exception e) when (e is XmlException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw FhirException.BadRequest($"The body is not valid FHIR XML: {e.Message}");
        }
    }

    /// <summary>Parses JSON this server wrote itself.</summary>
    public static Resource ParseStored(string json) => StoredJson.DeserializeResource(json);

    public static string ToJson(Base resource, bool pretty = false) => JsonWriter.SerializeToString(resource, pretty);

    public static string ToJson(Base resource, SummaryType summary, string[]? elements) =>
        JsonWriter.SerializeToString(resource, summary, elements);

    public static string ToXml(Base resource, bool pretty = false) => XmlWriter.SerializeToString(resource, pretty);

    public static string ToXml(Base resource, SummaryType summary, string[]? elements) =>
        XmlWriter.SerializeToString(resource, summary, elements);

    public static byte[] ToUtf8(string text) => Encoding.UTF8.GetBytes(text);

    private static FhirException Invalid(DeserializationFailedException e)
    {
        var outcome = e.ToOperationOutcome();
        var root = (e.PartialResult as Resource)?.TypeName;
        foreach (var issue in outcome.Issue)
        {
            // Firely says "$this" for the root when it reports a missing element; name the resource type instead.
            if (root is not null)
            {
                issue.Expression = issue.Expression
                    .Select(x => x is not null && x.StartsWith("$this", StringComparison.Ordinal) ? root + x[5..] : x)
                    .ToList();
            }

            issue.Severity = OperationOutcome.IssueSeverity.Error;
        }

        return new FhirException(HttpStatusCode.BadRequest, outcome);
    }
}

/// <summary>Why a batch entry's resource could not be read; the entry's response is this error.</summary>
public sealed record EntryError(FhirException Error);
