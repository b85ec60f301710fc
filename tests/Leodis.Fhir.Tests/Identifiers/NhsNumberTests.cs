using Leodis.Fhir.Identifiers;

namespace Leodis.Fhir.Tests.Identifiers;

/// <summary>The NHS number's Modulus 11 check (NHS Data Dictionary) and its 3-3-4 form.</summary>
public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919")]
    [InlineData("943 476 5919")]
    [InlineData("943-476-5919")]
    [InlineData("9912003888")]
    [InlineData("9990000018")]
    public void A_number_with_the_right_check_digit_is_valid(string text) => Assert.True(NhsNumber.IsValid(text));

    [Theory]
    [InlineData("9434765918")]
    [InlineData("9434765910")]
    [InlineData("943476591")]
    [InlineData("94347659190")]
    [InlineData("94347X5919")]
    [InlineData("")]
    [InlineData(null)]
    public void A_wrong_check_digit_length_or_character_is_invalid(string? text) => Assert.False(NhsNumber.IsValid(text));

    [Fact]
    public void A_remainder_of_zero_gives_check_digit_zero()
    {
        Assert.Equal(0, NhsNumber.CheckDigit("999000005"));
        Assert.Equal("9990000050", NhsNumber.FromStem(999_000_005)?.Value);
    }

    [Theory]
    [InlineData(999_000_000)]
    [InlineData(999_000_014)]
    [InlineData(999_000_093)]
    public void A_stem_whose_check_digit_would_be_10_is_never_issued(int stem)
    {
        Assert.Null(NhsNumber.CheckDigit(stem.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Null(NhsNumber.FromStem(stem));
        for (var digit = 0; digit <= 9; digit++)
        {
            Assert.False(NhsNumber.IsValid($"{stem}{digit}"));
        }
    }

    [Fact]
    public void The_arithmetic_stem_check_agrees_with_the_check_digit_for_every_stem_in_a_range()
    {
        for (var stem = 999_000_000; stem < 999_020_000; stem++)
        {
            Assert.Equal(NhsNumber.FromStem(stem) is not null, NhsNumber.HasCheckDigit(stem));
        }

        Assert.True(NhsNumber.HasCheckDigit(943_476_591));
    }

    [Fact]
    public void A_number_is_shown_as_three_three_four()
    {
        var number = NhsNumber.Parse("9434765919");

        Assert.Equal("943 476 5919", number.Formatted);
        Assert.Equal("943 476 5919", number.ToString());
        Assert.Equal("9434765919", number.Value);
        Assert.False(number.IsTestNumber);
        Assert.True(NhsNumber.Parse("999 000 0050").IsTestNumber);
    }

    [Fact]
    public void Parse_of_an_invalid_number_is_a_format_error() =>
        Assert.Throws<FormatException>(() => NhsNumber.Parse("9434765918"));
}
