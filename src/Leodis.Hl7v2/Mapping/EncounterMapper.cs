using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Leodis.Hl7v2.Er7;
using static Hl7.Fhir.Model.Encounter;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// PV1 and the ADT event to Encounter: admit, register and pre-admit open it, transfer moves it (the old ward and bed
/// stay in Encounter.location as completed), discharge finishes it, and A11, A12 and A13 undo exactly what an admit,
/// a transfer or a discharge did. The Encounter is found by visit number (PV1-19).
/// </summary>
internal sealed class EncounterMapper(MappingContext context)
{
    private const string ParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    private readonly DirectoryMapper directory = new(context);

    public async Task ApplyAsync(string trigger, PatientRecord patient, CancellationToken ct)
    {
        var pv1 = context.Message.Segment("PV1");
        if (pv1 is null)
        {
            if (trigger is "A08" or "A28" or "A31")
            {
                return;
            }

            throw new MappingException($"An ADT^{trigger} needs a PV1 segment.", "100", "PV1");
        }

        var time = context.EventTime;
        var found = await FindAsync(pv1, patient, ct);
        switch (trigger)
        {
            case "A01" or "A04" or "A05":
                Admit(found ?? New(pv1, patient), pv1, trigger == "A05" ? EncounterStatus.Planned : EncounterStatus.InProgress, time);
                break;
            case "A02":
                Transfer(found ?? New(pv1, patient), pv1, time);
                break;
            case "A03":
                Discharge(found ?? New(pv1, patient), pv1, time);
                break;
            case "A11":
                CancelAdmit(Require(found, trigger), time);
                break;
            case "A12":
                CancelTransfer(Require(found, trigger));
                break;
            case "A13":
                CancelDischarge(Require(found, trigger));
                break;
            case "A08" when found is not null:
                Describe(found, pv1);
                CorrectLocation(found, pv1);
                break;
            default:
                return;
        }
    }

    private async Task<Encounter?> FindAsync(Er7Segment pv1, PatientRecord patient, CancellationToken ct)
    {
        if (VisitNumber(pv1) is { } visit)
        {
            return (await context.Lookup.SearchAsync<Encounter>("Encounter", MessagePlan.ByIdentifier(visit), ct)).FirstOrDefault();
        }

        if (patient.IsNew)
        {
            return null;
        }

        // No visit number: the patient's most recently changed encounter is the one the event is about.
        var latest = await context.Lookup.SearchAsync<Encounter>("Encounter", $"subject={patient.Reference}&_sort=-_lastUpdated", ct, count: 1);
        return latest.FirstOrDefault();
    }

    private Identifier? VisitNumber(Er7Segment pv1) =>
        pv1[19] is { Length: > 0 } visit ? new Identifier(context.Options.VisitNumberSystem, visit.Trim()) : null;

    private Encounter New(Er7Segment pv1, PatientRecord patient)
    {
        var identifier = VisitNumber(pv1)
            ?? new Identifier($"{context.Options.LocalIdentifierBase}/message", $"{context.Message.SendingApplication}|{context.Message.ControlId}");
        var encounter = new Encounter
        {
            Identifier = [identifier],
            Subject = new ResourceReference(patient.Reference),
            Class = V2Codes.EncounterClass(pv1[2]),
        };
        encounter.AddAnnotation(new NewEncounter(MessagePlan.ByIdentifier(identifier)));
        return encounter;
    }

    private void Admit(Encounter encounter, Er7Segment pv1, EncounterStatus status, string? time)
    {
        var start = context.Types.DateTime(pv1[44]) ?? (status == EncounterStatus.Planned ? context.Types.DateTime(context.Message.Segment("PV2")?[8] ?? string.Empty) : time);
        ChangeStatus(encounter, status, start);
        encounter.Period ??= new Period();
        encounter.Period.Start = start;
        encounter.Period.End = null;
        if (context.Message.Segment("PV1")?[14] is { Length: > 0 } source)
        {
            (encounter.Hospitalization ??= new HospitalizationComponent()).AdmitSource = new CodeableConcept { Coding = [new Coding(null, source)] };
        }

        Describe(encounter, pv1);
        MoveTo(encounter, directory.Locations(pv1.Field(3)), start, status == EncounterStatus.Planned ? EncounterLocationStatus.Planned : EncounterLocationStatus.Active);
        Save(encounter);
    }

    private void Transfer(Encounter encounter, Er7Segment pv1, string? time)
    {
        if (encounter.Status is null or EncounterStatus.Planned)
        {
            ChangeStatus(encounter, EncounterStatus.InProgress, time);
        }

        Describe(encounter, pv1);
        MoveTo(encounter, directory.Locations(pv1.Field(3)), time, EncounterLocationStatus.Active);
        Save(encounter);
    }

    private void Discharge(Encounter encounter, Er7Segment pv1, string? time)
    {
        var end = context.Types.DateTime(pv1[45]) ?? time;
        ChangeStatus(encounter, EncounterStatus.Finished, end);
        (encounter.Period ??= new Period()).End = end;
        foreach (var stay in encounter.Location.Where(l => l.Status == EncounterLocationStatus.Active))
        {
            stay.Status = EncounterLocationStatus.Completed;
            (stay.Period ??= new Period()).End = end;
        }

        if (pv1.Field(36).IsEmpty is false)
        {
            (encounter.Hospitalization ??= new HospitalizationComponent()).DischargeDisposition = new CodeableConcept { Coding = [new Coding(null, pv1[36])] };
        }

        Describe(encounter, pv1);
        Save(encounter);
    }

    /// <summary>A11: the admission was recorded in error (or, for a planned one, will not happen).</summary>
    private void CancelAdmit(Encounter encounter, string? time)
    {
        ChangeStatus(encounter, encounter.Status == EncounterStatus.Planned ? EncounterStatus.Cancelled : EncounterStatus.EnteredInError, time);
        Save(encounter);
    }

    /// <summary>A12: the last move is taken back; the ward and bed it ended become current again.</summary>
    private void CancelTransfer(Encounter encounter)
    {
        var current = encounter.Location.Where(l => l.Status == EncounterLocationStatus.Active).ToList();
        var movedAt = current.FirstOrDefault()?.Period?.Start;
        var previous = encounter.Location.Where(l => l.Status == EncounterLocationStatus.Completed && l.Period?.End == movedAt).ToList();
        if (current.Count == 0 || movedAt is null || previous.Count == 0)
        {
            throw new MappingException("A12: the encounter has no transfer to cancel.", "207", "PV1");
        }

        encounter.Location.RemoveAll(current.Contains);
        foreach (var stay in previous)
        {
            stay.Status = EncounterLocationStatus.Active;
            stay.Period?.End = null;
        }

        Save(encounter);
    }

    /// <summary>A13: the discharge is taken back: the encounter is open again, in the ward and bed it left.</summary>
    private void CancelDischarge(Encounter encounter)
    {
        if (encounter.Status != EncounterStatus.Finished)
        {
            throw new MappingException("A13: the encounter is not discharged.", "207", "PV1");
        }

        var dischargedAt = encounter.Period?.End;
        var before = encounter.StatusHistory.LastOrDefault();
        encounter.Status = before?.Status ?? EncounterStatus.InProgress;
        if (before is not null)
        {
            encounter.StatusHistory.Remove(before);
        }

        encounter.Period?.End = null;
        foreach (var stay in encounter.Location.Where(l => l.Status == EncounterLocationStatus.Completed && l.Period?.End == dischargedAt))
        {
            stay.Status = EncounterLocationStatus.Active;
            stay.Period?.End = null;
        }

        encounter.Hospitalization?.DischargeDisposition = null;
        Save(encounter);
    }

    /// <summary>A08: the current ward or bed is corrected in place; a correction is not a move.</summary>
    private void CorrectLocation(Encounter encounter, Er7Segment pv1)
    {
        var sent = directory.Locations(pv1.Field(3));
        var current = encounter.Location.Where(l => l.Status == EncounterLocationStatus.Active).ToList();
        if (sent.Count > 0 && !SameLocations(current, sent))
        {
            var since = current.FirstOrDefault()?.Period?.Start;
            encounter.Location.RemoveAll(current.Contains);
            encounter.Location.AddRange(sent.Select(l => new LocationComponent { Location = l, Status = EncounterLocationStatus.Active, Period = new Period { Start = since } }));
        }

        Save(encounter);
    }

    private static void MoveTo(Encounter encounter, List<ResourceReference> locations, string? at, EncounterLocationStatus status)
    {
        var current = encounter.Location.Where(l => l.Status is EncounterLocationStatus.Active or EncounterLocationStatus.Planned).ToList();
        if (locations.Count == 0 || SameLocations(current, locations))
        {
            current.ForEach(l => l.Status = status);
            return;
        }

        foreach (var stay in current)
        {
            stay.Status = EncounterLocationStatus.Completed;
            (stay.Period ??= new Period()).End = at;
        }

        encounter.Location.AddRange(locations.Select(l => new LocationComponent { Location = l, Status = status, Period = new Period { Start = at } }));
    }

    private static bool SameLocations(List<LocationComponent> current, List<ResourceReference> sent) =>
        current.Select(l => l.Location.Identifier?.Value).Order().SequenceEqual(sent.Select(l => l.Identifier?.Value).Order());

    /// <summary>The parts of PV1 that describe rather than move: class, consultant (PV1-7), admitting and referring doctors, specialty.</summary>
    private void Describe(Encounter encounter, Er7Segment pv1)
    {
        var newClass = V2Codes.EncounterClass(pv1[2]);
        if (encounter.Class is { } old && old.Code != newClass.Code && pv1[2].Length > 0)
        {
            encounter.ClassHistory.Add(new ClassHistoryComponent { Class = old, Period = new Period { End = context.EventTime } });
        }

        encounter.Class = pv1[2].Length > 0 || encounter.Class is null ? newClass : encounter.Class;
        foreach (var (field, code, display) in new[] { (7, "ATND", "attender"), (17, "ADM", "admitter"), (8, "REF", "referrer") })
        {
            if (directory.Practitioner(pv1.Field(field)) is { } practitioner)
            {
                encounter.Participant.RemoveAll(p => p.Type.Any(t => t.Coding.Any(c => c.Code == code)));
                encounter.Participant.Add(new ParticipantComponent
                {
                    Type = [new CodeableConcept(ParticipationType, code, display)],
                    Individual = practitioner,
                });
            }
        }

        if (pv1[10] is { Length: > 0 } service)
        {
            encounter.ServiceType = new CodeableConcept { Coding = [new Coding(null, service)] };
        }
    }

    private static void ChangeStatus(Encounter encounter, EncounterStatus to, string? at)
    {
        if (encounter.Status is { } from && from != to)
        {
            var since = encounter.StatusHistory.LastOrDefault()?.Period?.End ?? encounter.Period?.Start;
            encounter.StatusHistory.Add(new StatusHistoryComponent { Status = from, Period = new Period { Start = since, End = at } });
        }

        encounter.Status = to;
    }

    private static Encounter Require(Encounter? found, string trigger) =>
        found ?? throw new MappingException($"{trigger}: no encounter with this visit number is known.", "204", "PV1^1^19");

    private void Save(Encounter encounter)
    {
        if (encounter.Annotation<NewEncounter>() is { } created)
        {
            context.Plan.Upsert(encounter, created.Criteria);
        }
        else
        {
            context.Plan.Update(encounter);
        }
    }

    /// <summary>Marks an Encounter this message creates, with the criteria that find it again.</summary>
    private sealed record NewEncounter(string Criteria);
}
