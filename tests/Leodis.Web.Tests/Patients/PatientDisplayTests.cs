using Leodis.Web.Patients;

namespace Leodis.Web.Tests.Patients;

public sealed class PatientDisplayTests
{
    [Fact]
    public void The_name_is_FAMILY_comma_given_names_and_title()
    {
        var (patient, _) = TestRecord.Patient();
        Assert.Equal("SMITH, Anne Marie (Mrs)", PatientDisplay.Name(patient));
    }

    [Fact]
    public void The_NHS_number_is_shown_3_3_4()
    {
        var (patient, _) = TestRecord.Patient("9434765919");
        Assert.Equal("943 476 5919", PatientDisplay.NhsNumberOf(patient));
    }

    [Theory]
    [InlineData("1950-03-15", "15-Mar-1950")]
    [InlineData("2024-12-01", "01-Dec-2024")]
    [InlineData("1950-03", "Mar-1950")]
    public void Dates_are_dd_Mmm_yyyy(string fhirDate, string shown) => Assert.Equal(shown, PatientDisplay.Date(fhirDate));

    [Theory]
    [InlineData("1950-03-15", "2025-03-14", "74 years")]
    [InlineData("1950-03-15", "2025-03-15", "75 years")]
    [InlineData("2024-01-10", "2025-03-15", "14 months")]
    [InlineData("2025-03-05", "2025-03-15", "10 days")]
    public void Age_is_in_years_from_two_and_in_months_or_days_below(string born, string today, string age) =>
        Assert.Equal(age, PatientDisplay.Age(born, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void An_unverified_NHS_number_says_so_and_a_verified_one_does_not()
    {
        Assert.Null(PatientDisplay.NhsNumberUnverified(TestRecord.Patient(verification: "01").Patient));
        Assert.Equal("Trace required", PatientDisplay.NhsNumberUnverified(TestRecord.Patient(verification: "03").Patient));
    }

    [Fact]
    public void The_address_is_one_line_ending_in_the_postcode()
    {
        var (patient, _) = TestRecord.Patient();
        Assert.Equal("12 Harehills Lane, Leeds, LS8 4EX", PatientDisplay.Address(patient));
        Assert.Equal("Female", PatientDisplay.Gender(patient.Gender));
        Assert.Equal("Not recorded", PatientDisplay.Gender(null));
    }
}
