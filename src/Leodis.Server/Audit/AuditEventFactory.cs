using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Leodis.Server.Security;

namespace Leodis.Server.Audit;

/// <summary>
/// Writes the FHIR AuditEvent of one request in the manner of IHE Basic Audit Log Patterns (BALP): a RESTful event
/// with its interaction, action, outcome and purpose of use; the user (with role and organisation) as the requesting
/// agent; Leodis as the source; each patient touched as an entity, then the resources and query acted on. Written as
/// JSON directly, because every read makes one and the model's serialiser costs more than the read itself.
/// </summary>
public static class AuditEventFactory
{
    private const string EventType = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    private const string EntityType = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private const string ObjectRole = "http://terminology.hl7.org/CodeSystem/object-role";
    private const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    private const string SecurityRoleType = "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
    private const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    private const string UserRoleSystem = "https://leodis.example/CodeSystem/user-role";
    private const string UserSystem = "https://leodis.example/Id/user";
    private const string ClientSystem = "https://leodis.example/Id/client";
    private const string OdsSystem = "https://fhir.nhs.uk/Id/ods-organization-code";

    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(AuditFacts facts, AuditAgent agent, DateTimeOffset recorded)
    {
        var purpose = Purpose(agent.Role, facts.Emergency);
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("resourceType", "AuditEvent");
            json.WritePropertyName("type");
            Coding(json, EventType, "rest", "Restful Operation");
            json.WriteStartArray("subtype");
            Coding(json, facts.SubtypeSystem, facts.Subtype, null);
            json.WriteEndArray();
            json.WriteString("action", facts.Action.ToString());
            json.WriteString("recorded", recorded.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
            json.WriteString("outcome", facts.Status < 400 ? "0" : facts.Status < 500 ? "4" : "8");
            json.WriteString("outcomeDesc", $"{facts.Status} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(facts.Status)}".TrimEnd());
            json.WriteStartArray("purposeOfEvent");
            Concept(json, ActReason, purpose, null);
            json.WriteEndArray();
            json.WriteStartArray("agent");
            UserAgent(json, agent, purpose);
            if (agent.Organization is { } organization)
            {
                json.WriteStartObject();
                json.WriteStartObject("type");
                json.WriteString("text", "organisation of the user");
                json.WriteEndObject();
                json.WriteStartObject("who");
                json.WriteString("type", "Organization");
                Identifier(json, OdsSystem, organization);
                json.WriteEndObject();
                json.WriteBoolean("requestor", false);
                json.WriteEndObject();
            }

            if (agent.ClientId is { } client)
            {
                json.WriteStartObject();
                json.WritePropertyName("type");
                Concept(json, Dicom, "110150", "Application");
                json.WriteStartObject("who");
                Identifier(json, ClientSystem, client);
                json.WriteEndObject();
                json.WriteBoolean("requestor", false);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("source");
            json.WriteString("site", "Leodis");
            json.WriteStartObject("observer");
            json.WriteString("display", facts.Source);
            json.WriteEndObject();
            json.WriteStartArray("type");
            Coding(json, "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server");
            json.WriteEndArray();
            json.WriteEndObject();
            Entities(json, facts);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The purpose of use (v3 ActReason): emergency treatment for break-glass, else what the role is for.</summary>
    public static string Purpose(string? role, bool emergency) => emergency ? "ETREAT" : role switch
    {
        Role.Clinician or Role.Nurse or Role.CareCoordinator => "TREAT",
        Role.AdminClerk => "PATADMIN",
        _ => "HOPERAT",
    };

    private static void UserAgent(Utf8JsonWriter json, AuditAgent agent, string purpose)
    {
        json.WriteStartObject();
        json.WritePropertyName("type");
        if (agent.Role == Role.SystemIntegration)
        {
            Concept(json, Dicom, "110150", "Application");
        }
        else
        {
            Concept(json, SecurityRoleType, "humanuser", "human user");
        }

        if (agent.Role is { } role)
        {
            json.WriteStartArray("role");
            Concept(json, UserRoleSystem, role, Role.Find(role)?.Display);
            json.WriteEndArray();
        }

        json.WriteStartObject("who");
        Identifier(json, UserSystem, agent.User);
        if (agent.Name is { } name)
        {
            json.WriteString("display", name);
        }

        json.WriteEndObject();
        json.WriteBoolean("requestor", true);
        if (agent.Address is { } address)
        {
            json.WriteStartObject("network");
            json.WriteString("address", address);
            json.WriteString("type", "2");
            json.WriteEndObject();
        }

        json.WriteStartArray("purposeOfUse");
        Concept(json, ActReason, purpose, null);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Entities(Utf8JsonWriter json, AuditFacts facts)
    {
        if (facts.Patients.Count == 0 && facts.What.Count == 0 && facts.Query is null)
        {
            return;
        }

        json.WriteStartArray("entity");
        foreach (var patient in facts.Patients)
        {
            Entity(json, $"Patient/{patient}", "1", "Person", "1", "Patient");
            json.WriteEndObject();
        }

        foreach (var what in facts.What)
        {
            Entity(json, what, "2", "System Object", "4", "Domain Resource");
            json.WriteEndObject();
        }

        if (facts.Query is { } query)
        {
            Entity(json, null, "2", "System Object", "24", "Query");
            if (facts.Detail is { } detail)
            {
                json.WriteString("description", detail);
            }

            json.WriteBase64String("query", Encoding.UTF8.GetBytes(query));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Starts an entity object; the caller adds what it needs and ends it.</summary>
    private static void Entity(Utf8JsonWriter json, string? what, string type, string typeDisplay, string role, string roleDisplay)
    {
        json.WriteStartObject();
        if (what is not null)
        {
            json.WriteStartObject("what");
            json.WriteString("reference", what);
            json.WriteEndObject();
        }

        json.WritePropertyName("type");
        Coding(json, EntityType, type, typeDisplay);
        json.WritePropertyName("role");
        Coding(json, ObjectRole, role, roleDisplay);
    }

    private static void Identifier(Utf8JsonWriter json, string system, string value)
    {
        json.WriteStartObject("identifier");
        json.WriteString("system", system);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static void Concept(Utf8JsonWriter json, string system, string code, string? display)
    {
        json.WriteStartObject();
        json.WriteStartArray("coding");
        Coding(json, system, code, display);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Coding(Utf8JsonWriter json, string system, string code, string? display)
    {
        json.WriteStartObject();
        json.WriteString("system", system);
        json.WriteString("code", code);
        if (display is not null)
        {
            json.WriteString("display", display);
        }

        json.WriteEndObject();
    }
}
