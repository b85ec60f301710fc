using Hl7.Fhir.Model;

namespace Leodis.Hl7v2.Tests;

/// <summary>ORU^R01 over MLLP: DiagnosticReport and Observations with UCUM units, reference ranges and abnormal flags.</summary>
public abstract class ResultFeedTests(Hl7v2ServerFixture server)
{
    [Fact]
    public async Task A_result_gives_a_report_and_observations_with_units_ranges_and_flags()
    {
        var (hn, order) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var lab = server.Connect();

        await AdtFeedTests.AssertAppliedAsync(lab, Messages.Result(hn, order));

        var report = (await server.SearchAsync<DiagnosticReport>($"DiagnosticReport?identifier=https://leodis.example/Id/order-number|LAB-{order}")).Single();
        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Final, report.Status);
        Assert.Equal(4, report.Result.Count);
        var patient = (await server.SearchAsync<Patient>($"Patient?identifier=https://leodis.example/Id/hospital-number|{hn}")).Single();
        Assert.Equal($"Patient/{patient.Id}", report.Subject.Reference);

        var observations = await server.SearchAsync<Observation>($"Observation?subject=Patient/{patient.Id}");
        var glucose = observations.Single(o => o.Code.Coding[0].Code == "2345-7");
        var value = (Quantity)glucose.Value;
        Assert.Equal(7.8m, value.Value);
        Assert.Equal("http://unitsofmeasure.org", value.System);
        Assert.Equal("mmol/L", value.Code);
        Assert.Equal(3.5m, glucose.ReferenceRange[0].Low.Value);
        Assert.Equal(5.5m, glucose.ReferenceRange[0].High.Value);
        Assert.Equal("H", glucose.Interpretation[0].Coding[0].Code);
        Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", glucose.Interpretation[0].Coding[0].System);
        Assert.Equal("Fasting sample", glucose.Note[0].Text);
        Assert.Equal("http://loinc.org", glucose.Code.Coding[0].System);

        Assert.Equal("mmol/L", ((Quantity)observations.Single(o => o.Code.Coding[0].Code == "2951-2").Value).Code);
        var creatinine = (Quantity)observations.Single(o => o.Code.Coding[0].Code == "2160-0").Value;
        Assert.Equal(Quantity.QuantityComparator.LessThan, creatinine.Comparator);
        Assert.Equal("umol/L", creatinine.Code);
        Assert.Equal("Slightly haemolysed", ((FhirString)observations.Single(o => o.Code.Coding[0].Code == "8251-1").Value).Value);
        Assert.All(observations, o => Assert.Equal(ObservationStatus.Final, o.Status));
    }

    [Fact]
    public async Task A_corrected_result_replaces_the_first_one()
    {
        var (hn, order) = (Messages.HospitalNumber(), Messages.HospitalNumber());
        using var lab = server.Connect();
        await AdtFeedTests.AssertAppliedAsync(lab, Messages.Result(hn, order, glucose: "7.8", status: "P"));

        await AdtFeedTests.AssertAppliedAsync(lab, Messages.Result(hn, order, glucose: "5.1", flag: "N", status: "C"));

        var report = (await server.SearchAsync<DiagnosticReport>($"DiagnosticReport?identifier=https://leodis.example/Id/order-number|LAB-{order}")).Single();
        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Corrected, report.Status);
        var glucose = (await server.SearchAsync<Observation>($"Observation?code=http://loinc.org|2345-7&subject={report.Subject.Reference}")).Single();
        Assert.Equal(5.1m, ((Quantity)glucose.Value).Value);
        Assert.Equal(ObservationStatus.Corrected, glucose.Status);
        Assert.Equal("2", glucose.Meta.VersionId);
    }
}

public sealed class SqliteResultFeedTests(SqliteHl7v2Fixture server) : ResultFeedTests(server), IClassFixture<SqliteHl7v2Fixture>;

public sealed class PostgresResultFeedTests(PostgresHl7v2Fixture server) : ResultFeedTests(server), IClassFixture<PostgresHl7v2Fixture>;
