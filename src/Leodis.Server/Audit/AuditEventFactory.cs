using System.Text;
using Hl7.Fhir.Model;
using Leodis.Server.Security;

namespace Leodis.Server.Audit;

/// <summary>
/// Builds the FHIR AuditEvent of one request in the manner of IHE Basic Audit Log Patterns (BALP): a RESTful event
/// with its interaction, action, outcome and purpose of use; the user (with role and organisation) as the requesting
/// agent; Leodis as the source; each patient touched as an entity, then the resources and query acted on.
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

    public static AuditEvent Create(AuditFacts facts, AuditAgent agent, DateTimeOffset recorded)
    {
        var purpose = Purpose(agent.Role, facts.Emergency);
        var audit = new AuditEvent
        {
            Type = new Coding(EventType, "rest", "Restful Operation"),
            Subtype = [new Coding(facts.SubtypeSystem, facts.Subtype)],
            Action = facts.Action,
            Recorded = recorded,
            Outcome = facts.Outcome,
            OutcomeDesc = $"{facts.Status} {ReasonPhrase(facts.Status)}".TrimEnd(),
            PurposeOfEvent = [new CodeableConcept(ActReason, purpose)],
            Source = new AuditEvent.SourceComponent
            {
                Site = "Leodis",
                Observer = new ResourceReference { Display = "Leodis FHIR server" },
                Type = [new Coding("http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server")],
            },
        };
        audit.Agent.Add(UserAgent(agent, purpose));
        if (agent.Organization is { } organization)
        {
            audit.Agent.Add(new AuditEvent.AgentComponent
            {
                Type = new CodeableConcept { Text = "organisation of the user" },
                Who = new ResourceReference { Type = "Organization", Identifier = new Identifier(OdsSystem, organization) },
                Requestor = false,
            });
        }

        if (agent.ClientId is { } client)
        {
            audit.Agent.Add(new AuditEvent.AgentComponent
            {
                Type = new CodeableConcept(Dicom, "110150", "Application"),
                Who = new ResourceReference { Identifier = new Identifier(ClientSystem, client) },
                Requestor = false,
            });
        }

        foreach (var patient in facts.Patients)
        {
            audit.Entity.Add(Entity(new ResourceReference($"Patient/{patient}"), "1", "Person", "1", "Patient"));
        }

        foreach (var what in facts.What)
        {
            audit.Entity.Add(Entity(new ResourceReference(what), "2", "System Object", "4", "Domain Resource"));
        }

        if (facts.Query is { } query)
        {
            var entity = Entity(null, "2", "System Object", "24", "Query");
            entity.Query = Encoding.UTF8.GetBytes(query);
            entity.Description = facts.Detail;
            audit.Entity.Add(entity);
        }

        return audit;
    }

    /// <summary>The purpose of use (v3 ActReason): emergency treatment for break-glass, else what the role is for.</summary>
    public static string Purpose(string? role, bool emergency) => emergency ? "ETREAT" : role switch
    {
        Role.Clinician or Role.Nurse or Role.CareCoordinator => "TREAT",
        Role.AdminClerk => "PATADMIN",
        _ => "HOPERAT",
    };

    private static AuditEvent.AgentComponent UserAgent(AuditAgent agent, string purpose)
    {
        var user = new AuditEvent.AgentComponent
        {
            Type = agent.Role == Role.SystemIntegration
                ? new CodeableConcept(Dicom, "110150", "Application")
                : new CodeableConcept(SecurityRoleType, "humanuser", "human user"),
            Who = new ResourceReference { Identifier = new Identifier(UserSystem, agent.User), Display = agent.Name },
            Requestor = true,
            PurposeOfUse = [new CodeableConcept(ActReason, purpose)],
        };
        if (agent.Role is { } role)
        {
            user.Role = [new CodeableConcept(UserRoleSystem, role, Role.Find(role)?.Display, null)];
        }

        if (agent.Address is { } address)
        {
            user.Network = new AuditEvent.NetworkComponent { Address = address, Type = AuditEvent.AuditEventAgentNetworkType.N2 };
        }

        return user;
    }

    private static AuditEvent.EntityComponent Entity(ResourceReference? what, string type, string typeDisplay, string role, string roleDisplay) => new()
    {
        What = what,
        Type = new Coding(EntityType, type, typeDisplay),
        Role = new Coding(ObjectRole, role, roleDisplay),
    };

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
