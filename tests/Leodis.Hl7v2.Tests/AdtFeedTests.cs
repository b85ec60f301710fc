using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;
using static Hl7.Fhir.Model.Encounter;

namespace Leodis.Hl7v2.Tests;

/// <summary>ADT over a real MLLP connection into a real store: what the Encounter and Patient look like afterwards.</summary>
public abstract class AdtFeedTests(Hl7v2ServerFixture server)
{
    [Fact]
    public async Task Admit_transfer_discharge_and_cancel_discharge_leave_the_patient_in_the_ward_they_moved_to()
    {
        var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var pas = server.Connect();

        await AssertAppliedAsync(pas, Messages.Adt("A01", hn, visit, ward: "WARD1", bed: "B1", time: Messages.Time(0)));
        await AssertAppliedAsync(pas, Messages.Adt("A02", hn, visit, ward: "WARD2", bed: "B7", time: Messages.Time(60)));
        await AssertAppliedAsync(pas, Messages.Adt("A03", hn, visit, ward: "WARD2", bed: "B7", time: Messages.Time(120)));
        var discharged = await EncounterAsync(visit);
        Assert.Equal(EncounterStatus.Finished, discharged.Status);
        Assert.NotNull(discharged.Period.End);
        await AssertAppliedAsync(pas, Messages.Adt("A13", hn, visit, ward: "WARD2", bed: "B7", time: Messages.Time(130)));

        var encounter = await EncounterAsync(visit);
        Assert.Equal(EncounterStatus.InProgress, encounter.Status);
        Assert.Null(encounter.Period.End);
        Assert.Equal("2026-01-10T10:00:00+00:00", encounter.Period.Start);
        Assert.Equal("IMP", encounter.Class.Code);
        Assert.Equal(["WARD2", "WARD2 bed B7"], Active(encounter));
        var left = encounter.Location.Where(l => l.Status == EncounterLocationStatus.Completed).ToList();
        Assert.Equal(["WARD1", "WARD1 bed B1"], left.Select(l => l.Location.Display));
        Assert.All(left, l => Assert.Equal("2026-01-10T11:00:00+00:00", l.Period.End));
        Assert.Empty(encounter.StatusHistory);
        Assert.Contains(encounter.Participant, p => p.Type[0].Coding[0].Code == "ATND" && p.Individual.Identifier.Value == "C1234567");

        var history = await server.ReadAsync<Bundle>($"Encounter/{encounter.Id}/_history");
        var statuses = history.Entry.Select(e => ((Encounter)e.Resource).Status).Reverse().ToList();
        Assert.Equal([EncounterStatus.InProgress, EncounterStatus.InProgress, EncounterStatus.Finished, EncounterStatus.InProgress], statuses);
    }

    [Fact]
    public async Task Cancel_transfer_returns_the_patient_to_the_ward_and_bed_they_left()
    {
        var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var pas = server.Connect();

        await AssertAppliedAsync(pas, Messages.Adt("A01", hn, visit, ward: "WARD1", bed: "B1", time: Messages.Time(0)));
        await AssertAppliedAsync(pas, Messages.Adt("A02", hn, visit, ward: "WARD3", bed: "B2", time: Messages.Time(30)));
        await AssertAppliedAsync(pas, Messages.Adt("A12", hn, visit, ward: "WARD3", bed: "B2", time: Messages.Time(35)));

        var encounter = await EncounterAsync(visit);
        Assert.Equal(["WARD1", "WARD1 bed B1"], Active(encounter));
        Assert.Equal(2, encounter.Location.Count);
        Assert.All(encounter.Location, l => Assert.Null(l.Period.End));
    }

    [Fact]
    public async Task Cancel_admit_marks_the_encounter_entered_in_error()
    {
        var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var pas = server.Connect();

        await AssertAppliedAsync(pas, Messages.Adt("A01", hn, visit, time: Messages.Time(0)));
        await AssertAppliedAsync(pas, Messages.Adt("A11", hn, visit, time: Messages.Time(5)));

        Assert.Equal(EncounterStatus.EnteredInError, (await EncounterAsync(visit)).Status);
    }

    [Fact]
    public async Task Pre_admit_is_planned_and_the_admit_that_follows_opens_the_same_encounter()
    {
        var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var pas = server.Connect();

        await AssertAppliedAsync(pas, Messages.Adt("A05", hn, visit, time: Messages.Time(0)));
        Assert.Equal(EncounterStatus.Planned, (await EncounterAsync(visit)).Status);
        await AssertAppliedAsync(pas, Messages.Adt("A01", hn, visit, time: Messages.Time(60)));

        var encounter = await EncounterAsync(visit);
        Assert.Equal(EncounterStatus.InProgress, encounter.Status);
        Assert.Equal(EncounterStatus.Planned, encounter.StatusHistory.Single().Status);
    }

    [Fact]
    public async Task The_patient_has_the_NHS_number_with_its_verification_status_and_the_hospital_number()
    {
        var hn = Messages.HospitalNumber();
        using var pas = server.Connect();

        await AssertAppliedAsync(pas, Messages.Adt("A28", hn, null, nhsNumber: "9434765919"));

        var patient = await PatientAsync(hn);
        var nhs = patient.Identifier.Single(i => i.System == "https://fhir.nhs.uk/Id/nhs-number");
        Assert.Equal("9434765919", nhs.Value);
        var status = (CodeableConcept)nhs.GetExtension("https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus").Value;
        Assert.Equal("01", status.Coding[0].Code);
        Assert.Equal("https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland", status.Coding[0].System);
        Assert.Equal("SMITH", patient.Name[0].Family);
        Assert.Equal("1970-05-06", patient.BirthDate);
        Assert.Equal(AdministrativeGender.Female, patient.Gender);
        Assert.Equal("LS1 1AA", patient.Address[0].PostalCode);
        Assert.Equal("A", ((CodeableConcept)patient.GetExtension("https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory").Value).Coding[0].Code);
        Assert.Single(await server.SearchAsync<Patient>("Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9434765919"));
    }

    [Fact]
    public async Task An_NHS_number_that_fails_its_check_digit_is_an_AE()
    {
        using var pas = server.Connect();

        var ack = await pas.SendAsync(Messages.Adt("A28", Messages.HospitalNumber(), null, nhsNumber: "9434765911"));

        Assert.Equal("AE", ack.Segment("MSA")![1]);
        Assert.Equal("102", ack.Segment("ERR")![1, 4]);
    }

    [Fact]
    public async Task A31_updates_the_demographics_it_carries_and_keeps_the_rest()
    {
        var hn = Messages.HospitalNumber();
        using var pas = server.Connect();
        await AssertAppliedAsync(pas, Messages.Adt("A28", hn, null, nhsNumber: "9434765919"));

        await AssertAppliedAsync(pas, Messages.Adt("A31", hn, null, family: "JONES"));

        var patient = await PatientAsync(hn);
        Assert.Equal("JONES", patient.Name[0].Family);
        Assert.Contains(patient.Identifier, i => i.Value == "9434765919");
    }

    [Fact]
    public async Task A_re_sent_message_gets_the_same_ACK_and_is_applied_once()
    {
        var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        var admit = Messages.Adt("A01", hn, visit);
        using var pas = server.Connect();

        var first = await pas.SendAsync(admit);
        using var other = server.Connect();
        var again = await other.SendAsync(admit);

        Assert.Equal("AA", first.Segment("MSA")![1]);
        Assert.Equal(first.ToEr7(), again.ToEr7());
        var encounter = await EncounterAsync(visit);
        Assert.Equal("1", encounter.Meta.VersionId);
        Assert.Equal("1", (await PatientAsync(hn)).Meta.VersionId);
    }

    [Fact]
    public async Task A_merge_retires_the_old_record_and_moves_its_encounters_and_results()
    {
        var (survivor, merged, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber(), Messages.HospitalNumber());
        using var pas = server.Connect();
        await AssertAppliedAsync(pas, Messages.Adt("A28", survivor, null));
        await AssertAppliedAsync(pas, Messages.Adt("A01", merged, visit));
        await AssertAppliedAsync(pas, Messages.Result(merged, Messages.HospitalNumber()));

        await AssertAppliedAsync(pas, Messages.Merge(survivor, merged));

        var kept = await PatientAsync(survivor);
        var old = (await server.SearchAsync<Patient>($"Patient?identifier=https://leodis.example/Id/hospital-number|{merged}")).Single(p => p.Id != kept.Id);
        Assert.False(old.Active);
        Assert.Equal($"Patient/{kept.Id}", old.Link.Single(l => l.Type == Patient.LinkType.ReplacedBy).Other.Reference);
        Assert.Equal($"Patient/{old.Id}", kept.Link.Single(l => l.Type == Patient.LinkType.Replaces).Other.Reference);
        Assert.Contains(kept.Identifier, i => i.Value == merged && i.Use == Identifier.IdentifierUse.Old);
        Assert.Equal($"Patient/{kept.Id}", (await EncounterAsync(visit)).Subject.Reference);
        Assert.Equal(4, (await server.SearchAsync<Observation>($"Observation?subject=Patient/{kept.Id}")).Count);
        Assert.Empty(await server.SearchAsync<Observation>($"Observation?subject=Patient/{old.Id}"));

        // A later message under the old number reaches the surviving record.
        await AssertAppliedAsync(pas, Messages.Adt("A31", merged, null, family: "MERGED"));
        Assert.Equal("MERGED", (await server.ReadAsync<Patient>($"Patient/{kept.Id}")).Name[0].Family);
    }

    [Fact]
    public async Task A_cancellation_of_an_unknown_visit_is_a_dead_letter_that_can_be_replayed_once_the_visit_exists()
    {
        var (hn, visit) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var pas = server.Connect();
        var cancel = Messages.Adt("A11", hn, visit);

        var refused = await pas.SendAsync(cancel);
        Assert.Equal("AE", refused.Segment("MSA")![1]);
        Assert.Equal("204", refused.Segment("ERR")![1, 4]);
        Assert.Equal("AE", (await pas.SendAsync(cancel)).Segment("MSA")![1]);

        var letters = await server.Root.GetStringAsync("hl7v2/dead-letters");
        var id = System.Text.Json.JsonDocument.Parse(letters).RootElement.EnumerateArray()
            .Single(l => l.GetProperty("controlId").GetString() == Er7Message.Parse(cancel).ControlId).GetProperty("id").GetString();
        var detail = System.Text.Json.JsonDocument.Parse(await server.Root.GetStringAsync($"hl7v2/dead-letters/{id}")).RootElement;
        Assert.Equal("failed", detail.GetProperty("letter").GetProperty("status").GetString());
        Assert.Equal(Er7Message.Parse(cancel).ToEr7(), detail.GetProperty("message").GetString());

        await AssertAppliedAsync(pas, Messages.Adt("A01", hn, visit));
        using var replay = await server.Root.PostAsync($"hl7v2/dead-letters/{id}/replay", null);
        var answer = System.Text.Json.JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("AA", answer.GetProperty("ackCode").GetString());
        Assert.Equal(EncounterStatus.EnteredInError, (await EncounterAsync(visit)).Status);
        using var twice = await server.Root.PostAsync($"hl7v2/dead-letters/{id}/replay", null);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("AA", (await pas.SendAsync(cancel)).Segment("MSA")![1]);
    }

    [Fact]
    public async Task Patients_admitted_to_one_ward_share_its_Locations_and_their_consultant()
    {
        var ward = "W" + Messages.HospitalNumber();
        using var first = server.Connect();
        using var second = server.Connect();
        var visits = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            visits.Add(Messages.HospitalNumber());
            await AssertAppliedAsync(i % 2 == 0 ? first : second, Messages.Adt("A01", Messages.HospitalNumber(), visits[i], ward: ward, bed: "B1"));
        }

        var wards = await server.SearchAsync<Location>($"Location?identifier=https://leodis.example/Id/location-code|RR8/{ward}");
        var beds = await server.SearchAsync<Location>($"Location?identifier=https://leodis.example/Id/location-code|RR8/{ward}/B1");
        var consultants = await server.SearchAsync<Practitioner>("Practitioner?identifier=https://leodis.example/Id/staff-code|C1234567");
        Assert.Single(wards);
        Assert.Single(beds);
        Assert.Single(consultants);
        Assert.Equal($"Location/{wards[0].Id}", beds[0].PartOf.Reference);
        foreach (var visit in visits)
        {
            var encounter = await EncounterAsync(visit);
            Assert.Equal([$"Location/{wards[0].Id}", $"Location/{beds[0].Id}"], encounter.Location.Select(l => l.Location.Reference));
            Assert.Contains(encounter.Participant, p => p.Individual.Reference == $"Practitioner/{consultants[0].Id}");
        }
    }

    [Fact]
    public async Task The_metrics_endpoint_counts_messages()
    {
        using var pas = server.Connect();
        await AssertAppliedAsync(pas, Messages.Adt("A28", Messages.HospitalNumber(), null));

        var metrics = System.Text.Json.JsonDocument.Parse(await server.Root.GetStringAsync("hl7v2/metrics")).RootElement;

        Assert.True(metrics.GetProperty("listening").GetBoolean());
        Assert.True(metrics.GetProperty("received").GetInt64() >= 1);
        Assert.True(metrics.GetProperty("applied").GetInt64() >= 1);
        Assert.True(metrics.TryGetProperty("queueDepth", out _));
        Assert.True(metrics.TryGetProperty("oldestWaitingMilliseconds", out _));
    }

    internal static async Task AssertAppliedAsync(MllpClient client, string message)
    {
        var ack = await client.SendAsync(message);
        Assert.True(ack.Segment("MSA")?[1] == "AA", $"Expected AA, got:\n{ack.ToEr7().Replace('\r', '\n')}");
        Assert.Equal(Er7Message.Parse(message).ControlId, ack.Segment("MSA")![2]);
    }

    private static List<string?> Active(Encounter encounter) =>
        encounter.Location.Where(l => l.Status == EncounterLocationStatus.Active).Select(l => l.Location.Display).ToList();

    private async Task<Encounter> EncounterAsync(string visit) =>
        (await server.SearchAsync<Encounter>($"Encounter?identifier=https://leodis.example/Id/visit-number|{visit}")).Single();

    private async Task<Patient> PatientAsync(string hn) =>
        (await server.SearchAsync<Patient>($"Patient?identifier=https://leodis.example/Id/hospital-number|{hn}")).Single(p => p.Active == true);
}

public sealed class SqliteAdtFeedTests(SqliteHl7v2Fixture server) : AdtFeedTests(server), IClassFixture<SqliteHl7v2Fixture>;

public sealed class PostgresAdtFeedTests(PostgresHl7v2Fixture server) : AdtFeedTests(server), IClassFixture<PostgresHl7v2Fixture>;
