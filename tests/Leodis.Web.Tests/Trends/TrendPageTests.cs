using Bunit;
using Leodis.Web.Tests.Patients;
using Leodis.Web.Trends;

namespace Leodis.Web.Tests.Trends;

public sealed class TrendPageTests
{
    [Fact]
    public async Task The_chart_shades_the_reference_range_marks_abnormal_values_by_shape_and_the_table_lists_every_value()
    {
        await using var context = await RecordContext.CreateAsync();
        var (patient, practice) = TestRecord.Patient();
        var start = new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);
        await context.PutAsync(
            practice, patient,
            TestRecord.Result(patient, "2823-3", "Potassium", 4.1m, 3.5m, 5.3m, "mmol/L", start),
            TestRecord.Result(patient, "2823-3", "Potassium", 5.9m, 3.5m, 5.3m, "mmol/L", start.AddDays(1)),
            TestRecord.Result(patient, "2823-3", "Potassium", 3.1m, 3.5m, 5.3m, "mmol/L", start.AddDays(2)),
            TestRecord.Result(patient, "718-7", "Haemoglobin", 120m, 115m, 165m, "g/L", start));

        var page = context.Render<TrendPage>(p => p.Add(c => c.Id, patient.Id).Add(c => c.Code, "2823-3"));

        var chart = page.WaitForElement("[data-testid=trend-chart]");
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Contains("3 values", chart.QuerySelector("desc")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 values outside it", chart.QuerySelector("desc")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(chart.QuerySelector("[data-testid=reference-band]"));
        Assert.Equal(["H", "L"], chart.QuerySelectorAll("polygon.abnormal").Select(p => p.GetAttribute("data-flag")).Order());
        Assert.Single(chart.QuerySelectorAll("circle.point"));
        var rows = page.FindAll("[data-testid=trend-table] tbody tr");
        Assert.Equal(3, rows.Count);
        Assert.StartsWith("08-Jan-2025", rows[0].QuerySelector("th")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("L Low", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("5.9", rows[1].TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("120", page.Find("[data-testid=trend-table]").TextContent, StringComparison.Ordinal);
        Assert.True(context.Host.EveryReadNames(patient.Id));
    }

    [Fact]
    public void A_blood_pressure_makes_a_systolic_and_a_diastolic_series()
    {
        var (patient, _) = TestRecord.Patient();
        var pressure = new Hl7.Fhir.Model.Observation
        {
            Code = Leodis.Web.Observations.News2Codes.BloodPressure.ToConcept(),
            Subject = new Hl7.Fhir.Model.ResourceReference($"Patient/{patient.Id}"),
            Effective = new Hl7.Fhir.Model.FhirDateTime(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero)),
            Component =
            [
                new() { Code = Leodis.Web.Observations.News2Codes.SystolicPressure.ToConcept(), Value = new Hl7.Fhir.Model.Quantity(98, "mm[Hg]") },
                new() { Code = Leodis.Web.Observations.News2Codes.DiastolicPressure.ToConcept(), Value = new Hl7.Fhir.Model.Quantity(60, "mm[Hg]") },
            ],
        };

        var trend = Trend.From(Leodis.Web.Observations.News2Codes.BloodPressure.Code, [pressure]);

        Assert.Equal(["Systolic arterial pressure", "Diastolic arterial pressure"], trend.Series.Select(s => s.Name));
        Assert.Equal("L", trend.Series[0].Points[0].Flag);
        Assert.Null(trend.Series[1].Points[0].Flag);
        Assert.Equal(111, trend.Band?.Low);
    }
}
