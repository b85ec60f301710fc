using System.Collections.Concurrent;
using System.Security.Claims;
using Leodis.Fhir.Access;
using Leodis.Fhir.Rest;
using Leodis.Web.Record;

namespace Leodis.Web.Tests.Patients;

/// <summary>The server boundary as a test double: the engine's own policy (or one given), and every audited interaction kept.</summary>
public sealed class RecordingClinicalHost : IClinicalHost
{
    public AccessPolicy Policy { get; set; } = AccessPolicy.System;

    public ConcurrentQueue<(FhirRequest Request, FhirResponse? Response)> Audited { get; } = new();

    public IReadOnlyList<StaffPosition> SignIn(string userName, string password) => [];

    public IReadOnlyList<StaffPosition> Positions(string userName) => [];

    public ClaimsPrincipal Principal(string userName, StaffPosition position) => new();

    public AccessPolicy? PolicyFor(ClaimsPrincipal user) => Policy;

    public Task AuditAsync(ClaimsPrincipal user, FhirRequest request, FhirResponse? response, int status, CancellationToken ct)
    {
        Audited.Enqueue((request, response));
        return Task.CompletedTask;
    }

    /// <summary>True when every audited interaction names the patient: in its query (patient=, _id=) or in what it answered.</summary>
    public bool EveryReadNames(string patientId) =>
        !Audited.IsEmpty && Audited.All(a =>
            a.Request.Query.Any(q => (q.Key is "patient" or "_id") && q.Value == patientId)
            || a.Request.Path == $"Patient/{patientId}"
            || (a.Response?.ResourceOrParsed() is Hl7.Fhir.Model.Bundle bundle && bundle.Entry.Any(e => e.Resource is Hl7.Fhir.Model.Patient p && p.Id == patientId)));
}
