using System.Globalization;
using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;

namespace Leodis.Hl7v2.Mapping;

/// <summary>
/// ORU^R01 to a DiagnosticReport per OBR and an Observation per OBX, each found again by its order number so that a
/// corrected result replaces the first one. Values keep their type; units are UCUM where the unit is known, reference
/// ranges and abnormal flags become referenceRange and interpretation. NTE after an OBX becomes its note.
/// </summary>
internal sealed class ResultMapper(MappingContext context, PatientMapper patients)
{
    private const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";
    private const string ReportCategorySystem = "http://terminology.hl7.org/CodeSystem/v2-0074";

    public async Task ApplyAsync(CancellationToken ct)
    {
        var patient = await patients.FindOrCreateAsync(context.Require("PID"), ct);
        var encounter = await EncounterAsync(ct);
        DiagnosticReport? report = null;
        Observation? observation = null;
        var reportIdentifier = string.Empty;
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in context.Message.Segments)
        {
            switch (segment.Name)
            {
                case "OBR":
                    (report, reportIdentifier) = Report(segment, patient, encounter);
                    observation = null;
                    break;
                case "OBX" when report is not null:
                    observation = Observation(segment, report, reportIdentifier, used, patient, encounter);
                    report.Result.Add(new ResourceReference(context.Plan.Upsert(observation, MessagePlan.ByIdentifier(observation.Identifier[0]))));
                    break;
                case "NTE" when observation is not null && segment.Field(3).Text is { Length: > 0 } note:
                    observation.Note.Add(new Annotation { Text = new Markdown(note) });
                    break;
            }
        }

        if (!context.Message.Segments.Any(s => s.Name == "OBR"))
        {
            throw new MappingException("ORU^R01 needs at least one OBR.", "100", "OBR");
        }
    }

    private async Task<ResourceReference?> EncounterAsync(CancellationToken ct)
    {
        if (context.Message.Segment("PV1")?[19] is not { Length: > 0 } visit)
        {
            return null;
        }

        var identifier = new Identifier(context.Options.VisitNumberSystem, visit.Trim());
        var found = await context.Lookup.SearchAsync<Encounter>("Encounter", MessagePlan.ByIdentifier(identifier), ct);
        return found.Count == 0 ? null : new ResourceReference($"Encounter/{found[0].Id}");
    }

    private (DiagnosticReport Report, string Identifier) Report(Er7Segment obr, PatientRecord patient, ResourceReference? encounter)
    {
        var number = obr.Field(3)[1] is { Length: > 0 } filler ? Qualified(filler, obr.Field(3)[2])
            : obr.Field(2)[1] is { Length: > 0 } placer ? Qualified(placer, obr.Field(2)[2])
            : $"{context.Message.SendingApplication}-{context.Message.ControlId}-{obr[1]}";
        var identifier = new Identifier(context.Options.OrderNumberSystem, number);
        var report = new DiagnosticReport
        {
            Identifier = [identifier],
            Status = V2Codes.ReportStatus(obr[25]),
            Category = [new CodeableConcept(ReportCategorySystem, obr[24] is { Length: > 0 } section ? section : "LAB")],
            Code = V2Types.Concept(obr.Field(4)) ?? new CodeableConcept { Text = "Unknown test" },
            Subject = new ResourceReference(patient.Reference),
            Encounter = encounter,
        };
        if (context.Types.DateTime(obr[7]) is { } collected)
        {
            report.Effective = new FhirDateTime(collected);
        }

        if (context.Types.DateTime(obr[22]) is { Length: >= 19 } issued && DateTimeOffset.TryParse(issued, CultureInfo.InvariantCulture, out var at))
        {
            report.Issued = at;
        }

        context.Plan.Upsert(report, MessagePlan.ByIdentifier(identifier));
        return (report, number);
    }

    private Observation Observation(
        Er7Segment obx, DiagnosticReport report, string reportNumber, HashSet<string> used, PatientRecord patient, ResourceReference? encounter)
    {
        var key = $"{reportNumber}-{obx.Field(3)[1]}-{obx[4]}";
        if (!used.Add(key))
        {
            key = $"{key}-{obx[1]}";
            used.Add(key);
        }

        var observation = new Observation
        {
            Identifier = [new Identifier(context.Options.OrderNumberSystem, key)],
            Status = V2Codes.ObservationStatus(obx[11]),
            Category = [new CodeableConcept(CategorySystem, "laboratory", "Laboratory")],
            Code = V2Types.Concept(obx.Field(3)) ?? new CodeableConcept { Text = "Unknown observation" },
            Subject = new ResourceReference(patient.Reference),
            Encounter = encounter,
            Effective = context.Types.DateTime(obx[14]) is { } observed ? new FhirDateTime(observed) : report.Effective,
            Value = ResultValue.Read(obx, context.Types),
        };
        if (ResultValue.Range(obx.Field(7).Text, obx.Field(6)) is { } range)
        {
            observation.ReferenceRange.Add(range);
        }

        foreach (var flag in obx.Field(8).Repetitions())
        {
            if (V2Codes.AbnormalFlag(flag[1]) is { } coding)
            {
                observation.Interpretation.Add(new CodeableConcept { Coding = [coding] });
            }
            else if (flag[1].Length > 0)
            {
                observation.Interpretation.Add(new CodeableConcept { Text = flag[1] });
            }
        }

        return observation;
    }

    private static string Qualified(string number, string issuer) => issuer.Length > 0 ? $"{issuer}-{number}" : number;
}
