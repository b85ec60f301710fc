using Hl7.Fhir.Model;
using Leodis.Hl7v2.Er7;
using Leodis.Hl7v2.Mapping;
using Leodis.Testing;

namespace Leodis.Hl7v2.Tests;

/// <summary>
/// The FHIR Converter's sample messages (../shared/data/hl7v2/ms-fhir-converter/input): every one parses, and every one
/// of a type this server applies is applied (AA) over MLLP. The samples reuse MSH-10 and patient ids from file to file,
/// so each is made unique first; a cancellation is preceded by what it cancels, a merge by the record it merges.
/// </summary>
public abstract class SampleMessageTests(Hl7v2ServerFixture server)
{
    private static readonly string Folder = SharedData.Path("hl7v2", "ms-fhir-converter", "input");

    public static TheoryData<string> Samples() => [.. Directory.GetFiles(Folder, "*.hl7").Select(Path.GetFileName).OfType<string>().Order()];

    [Fact]
    public void Every_sample_parses()
    {
        var failures = Directory.GetFiles(Folder, "*.hl7")
            .Select(f => (File: Path.GetFileName(f), Error: TryParse(File.ReadAllText(f))))
            .Where(r => r.Error is not null)
            .Select(r => $"{r.File}: {r.Error}")
            .ToList();

        Assert.Empty(failures);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_of_a_supported_type_is_applied(string file)
    {
        var message = Er7Message.Parse(File.ReadAllText(Path.Combine(Folder, file)));
        if (!MessageMapper.IsSupported(message))
        {
            return;
        }

        var suffix = "-" + Guid.NewGuid().ToString("N")[..8];
        using var client = server.Connect();
        var unique = Unique(message, suffix);
        foreach (var before in Prerequisites(unique))
        {
            await AdtFeedTests.AssertAppliedAsync(client, before);
        }

        await AdtFeedTests.AssertAppliedAsync(client, unique.ToEr7());
    }

    [Fact]
    public async Task A_sample_of_another_type_is_an_AE_saying_so()
    {
        using var client = server.Connect();
        var siu = Unique(Er7Message.Parse(File.ReadAllText(Path.Combine(Folder, "SIU-S12-01.hl7"))), "-x");

        var ack = await client.SendAsync(siu.ToEr7());

        Assert.Equal("AE", ack.Segment("MSA")![1]);
        Assert.Equal("200", ack.Segment("ERR")![3, 1]);
    }

    [Fact]
    public async Task The_converter_and_this_server_agree_on_ADT01_23()
    {
        using var client = server.Connect();
        var suffix = "-" + Guid.NewGuid().ToString("N")[..8];
        await AdtFeedTests.AssertAppliedAsync(client, Unique(Er7Message.Parse(File.ReadAllText(Path.Combine(Folder, "ADT01-23.hl7"))), suffix).ToEr7());

        var patient = (await server.SearchAsync<Patient>($"Patient?identifier=https://leodis.example/Id/hospital-number|10006579{suffix}")).Single();
        Assert.Equal("DUCK", patient.Name[0].Family);
        Assert.Equal(["DONALD", "D"], patient.Name[0].Given);
        Assert.Equal("1924-10-10", patient.BirthDate);
        Assert.Equal(AdministrativeGender.Male, patient.Gender);
        Assert.Equal("FOWL", patient.Address[0].City);
        var encounter = (await server.SearchAsync<Encounter>($"Encounter?identifier=https://leodis.example/Id/visit-number|40007716{suffix}")).Single();
        Assert.Equal("IMP", encounter.Class.Code);
        Assert.Equal(Encounter.EncounterStatus.InProgress, encounter.Status);
        Assert.Equal("2005-01-10T04:55:02+07:00", encounter.Period.Start);
        Assert.Contains(encounter.Participant, p => p.Type[0].Coding[0].Code == "ATND");
    }

    [Fact]
    public async Task The_converter_and_this_server_agree_on_the_glucose_result_of_ORU_R01_RMGEAD()
    {
        using var client = server.Connect();
        var suffix = "-" + Guid.NewGuid().ToString("N")[..8];
        await AdtFeedTests.AssertAppliedAsync(client, Unique(Er7Message.Parse(File.ReadAllText(Path.Combine(Folder, "ORU-R01-RMGEAD.hl7"))), suffix).ToEr7());

        var patient = (await server.SearchAsync<Patient>($"Patient?identifier=https://leodis.example/Id/hospital-number|555-44-4444{suffix}")).Single();
        var glucose = (await server.SearchAsync<Observation>($"Observation?subject=Patient/{patient.Id}")).Single();
        Assert.Equal(182m, ((Quantity)glucose.Value).Value);
        Assert.Equal("mg/dL", ((Quantity)glucose.Value).Code);
        Assert.Equal(70m, glucose.ReferenceRange[0].Low.Value);
        Assert.Equal(105m, glucose.ReferenceRange[0].High.Value);
        Assert.Equal("H", glucose.Interpretation[0].Coding[0].Code);
        Assert.Equal(ObservationStatus.Final, glucose.Status);
    }

    private static string? TryParse(string text)
    {
        try
        {
            Er7Message.Parse(text);
            return null;
        }
        catch (Er7ParseException e)
        {
            return e.Message;
        }
    }

    /// <summary>A fresh MSH-10, and patient and visit numbers (PID-3, PV1-19, MRG-1) that no other test uses.</summary>
    private static Er7Message Unique(Er7Message message, string suffix)
    {
        var d = message.Delimiters;
        var segments = message.Segments.Select(segment =>
        {
            var fields = segment.Raw.Split(d.Field);
            var position = (segment.Name, segment.Name == "MSH") switch
            {
                ("MSH", _) => 9,
                ("PID", _) => 3,
                ("PV1", _) => 19,
                ("MRG", _) => 1,
                _ => -1,
            };
            if (position > 0 && position < fields.Length)
            {
                fields[position] = segment.Name == "MSH"
                    ? Messages.ControlId()
                    : string.Join(d.Repetition, fields[position].Split(d.Repetition).Select(cx => cx.Length == 0 || cx.StartsWith(d.Component) ? cx : InsertSuffix(cx, d.Component, suffix)));
            }

            return string.Join(d.Field, fields);
        });
        return Er7Message.Parse(string.Join('\r', segments) + "\r");
    }

    private static string InsertSuffix(string cx, char component, string suffix)
    {
        var end = cx.IndexOf(component, StringComparison.Ordinal);
        return end < 0 ? cx + suffix : cx[..end] + suffix + cx[end..];
    }

    /// <summary>What a message needs to have happened first: the admit (and discharge) it cancels, the record it merges.</summary>
    private static IEnumerable<string> Prerequisites(Er7Message message)
    {
        string As(string trigger) =>
            string.Join('\r', message.Segments.Select(s => s.Name == "MSH" ? WithTrigger(s, trigger) : s.Raw)) + "\r";

        string WithTrigger(Er7Segment msh, string trigger)
        {
            var fields = msh.Raw.Split(msh.Delimiters.Field);
            fields[8] = $"ADT{msh.Delimiters.Component}{trigger}";
            fields[9] = Messages.ControlId();
            return string.Join(msh.Delimiters.Field, fields);
        }

        switch (message.TriggerEvent)
        {
            case "A11":
                yield return As("A01");
                break;
            case "A13":
                yield return As("A01");
                yield return As("A03");
                break;
            case "A40":
                foreach (var mrg in message.All("MRG"))
                {
                    yield return $"MSH|^~\\&|PAS|RR8|LEODIS|RR8|20260101||ADT^A28|{Messages.ControlId()}|P|2.5\rPID|1||{mrg.Field(1).Raw}||MERGED^RECORD\r";
                }

                break;
        }
    }
}

public sealed class SqliteSampleMessageTests(SqliteHl7v2Fixture server) : SampleMessageTests(server), IClassFixture<SqliteHl7v2Fixture>;

public sealed class PostgresSampleMessageTests(PostgresHl7v2Fixture server) : SampleMessageTests(server), IClassFixture<PostgresHl7v2Fixture>;
