using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Leodis.LoadTool.Fhir;

/// <summary>
/// Writes a UK Core shaped Patient (about 1.5 KB of JSON) into a buffer it reuses, so creating a request body
/// allocates nothing of the body's size. One per worker: the returned memory is valid until the next call.
/// </summary>
public sealed class PatientWriter : IDisposable
{
    public const string LoadToolIdentifierSystem = "https://fhir.leodis.example/Id/load-tool";
    private const string UkCore = "https://fhir.hl7.org.uk/StructureDefinition/";

    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly Utf8JsonWriter json;

    public PatientWriter() => json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });

    /// <summary>
    /// A new Patient. <paramref name="sequence"/> makes the identifier unique within the run and picks the NHS number;
    /// <paramref name="id"/> is set for an update.
    /// </summary>
    public ReadOnlyMemory<byte> Write(Random random, long sequence, string runId, string? id, out PatientFacts facts)
    {
        buffer.ResetWrittenCount();
        json.Reset(buffer);
        var female = random.Next(2) == 0;
        var family = Pick(random, UkPatientData.FamilyNames);
        var given = Pick(random, female ? UkPatientData.FemaleGivenNames : UkPatientData.MaleGivenNames);
        var (street, postcode, district) = Pick(random, UkPatientData.Addresses);
        var nhsNumber = NhsNumber.FromSequence(sequence);

        json.WriteStartObject();
        json.WriteString("resourceType", "Patient");
        if (id is not null)
        {
            json.WriteString("id", id);
        }

        json.WriteStartObject("meta");
        Strings("profile", UkCore + "UKCore-Patient");
        json.WriteEndObject();
        json.WriteStartArray("extension");
        CodedExtension(UkCore + "Extension-UKCore-EthnicCategory", "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland",
            Pick(random, UkPatientData.EthnicCategories));
        json.WriteEndArray();

        json.WriteStartArray("identifier");
        json.WriteStartObject();
        json.WriteStartArray("extension");
        CodedExtension(UkCore + "Extension-UKCore-NHSNumberVerificationStatus",
            "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland", ("01", "Number present and verified"));
        json.WriteEndArray();
        json.WriteString("system", "https://fhir.nhs.uk/Id/nhs-number");
        json.WriteString("value", nhsNumber);
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("system", LoadToolIdentifierSystem);
        json.WriteString("value", $"{runId}-{sequence}");
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteBoolean("active", true);
        json.WriteStartArray("name");
        json.WriteStartObject();
        json.WriteString("use", "official");
        json.WriteString("family", family);
        Strings("given", given);
        Strings("prefix", female ? (random.Next(2) == 0 ? "Mrs" : "Ms") : "Mr");
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("telecom");
        Telecom("phone", $"0113 496 0{random.Next(1000):000}", "home");
        Telecom("phone", $"07700 900{random.Next(1000):000}", "mobile");
        json.WriteEndArray();
        json.WriteString("gender", female ? "female" : "male");
        var birth = new DateOnly(1930, 1, 1).AddDays(random.Next(33_000));
        json.WriteString("birthDate", birth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        facts = new PatientFacts(nhsNumber, family, birth);

        json.WriteStartArray("address");
        json.WriteStartObject();
        json.WriteString("use", "home");
        Strings("line", $"{random.Next(1, 200)} {street}", district);
        json.WriteString("city", "Leeds");
        json.WriteString("district", "West Yorkshire");
        json.WriteString("postalCode", postcode);
        json.WriteString("country", "GB");
        json.WriteEndObject();
        json.WriteEndArray();

        var (ods, practice) = Pick(random, UkPatientData.GpPractices);
        json.WriteStartArray("generalPractitioner");
        json.WriteStartObject();
        json.WriteStartObject("identifier");
        json.WriteString("system", "https://fhir.nhs.uk/Id/ods-organization-code");
        json.WriteString("value", ods);
        json.WriteEndObject();
        json.WriteString("display", practice);
        json.WriteEndObject();
        json.WriteEndArray();

        WriteContact(random, family);
        json.WriteStartArray("communication");
        json.WriteStartObject();
        json.WriteStartObject("language");
        Coding("urn:ietf:bcp:47", "en-GB", "English (United Kingdom)");
        json.WriteEndObject();
        json.WriteBoolean("preferred", true);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        return buffer.WrittenMemory;
    }

    private void WriteContact(Random random, string family)
    {
        var (code, display) = Pick(random, UkPatientData.ContactRelationships);
        json.WriteStartArray("contact");
        json.WriteStartObject();
        json.WriteStartArray("relationship");
        json.WriteStartObject();
        Coding("http://terminology.hl7.org/CodeSystem/v2-0131", code, display);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("name");
        json.WriteString("family", family);
        Strings("given", Pick(random, random.Next(2) == 0 ? UkPatientData.FemaleGivenNames : UkPatientData.MaleGivenNames));
        json.WriteEndObject();
        json.WriteStartArray("telecom");
        Telecom("phone", $"07700 900{random.Next(1000):000}", "mobile");
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void CodedExtension(string url, string system, (string Code, string Display) value)
    {
        json.WriteStartObject();
        json.WriteString("url", url);
        json.WriteStartObject("valueCodeableConcept");
        Coding(system, value.Code, value.Display);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void Coding(string system, string code, string display)
    {
        json.WriteStartArray("coding");
        json.WriteStartObject();
        json.WriteString("system", system);
        json.WriteString("code", code);
        json.WriteString("display", display);
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void Telecom(string system, string value, string use)
    {
        json.WriteStartObject();
        json.WriteString("system", system);
        json.WriteString("value", value);
        json.WriteString("use", use);
        json.WriteEndObject();
    }

    private void Strings(string name, params ReadOnlySpan<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    public void Dispose() => json.Dispose();

    private static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];
}
