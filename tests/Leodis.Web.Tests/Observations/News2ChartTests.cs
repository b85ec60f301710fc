using Leodis.Web.Observations;

namespace Leodis.Web.Tests.Observations;

/// <summary>Every row of the RCP NEWS2 chart (2017), on both sides of every boundary.</summary>
public sealed class News2ChartTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(8, 3)]
    [InlineData(9, 1)]
    [InlineData(11, 1)]
    [InlineData(12, 0)]
    [InlineData(20, 0)]
    [InlineData(21, 2)]
    [InlineData(24, 2)]
    [InlineData(25, 3)]
    [InlineData(60, 3)]
    public void Respiration_rate_scores_as_the_chart_row(int perMinute, int score) =>
        Assert.Equal(score, News2Chart.RespirationRate(perMinute));

    [Theory]
    [InlineData(70, 3)]
    [InlineData(91, 3)]
    [InlineData(92, 2)]
    [InlineData(93, 2)]
    [InlineData(94, 1)]
    [InlineData(95, 1)]
    [InlineData(96, 0)]
    [InlineData(100, 0)]
    public void SpO2_on_scale_1_scores_the_same_on_air_or_oxygen(int percent, int score)
    {
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale1, AirOrOxygen.Air));
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale1, AirOrOxygen.Oxygen));
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale1, null));
    }

    [Theory]
    [InlineData(70, 3)]
    [InlineData(83, 3)]
    [InlineData(84, 2)]
    [InlineData(85, 2)]
    [InlineData(86, 1)]
    [InlineData(87, 1)]
    [InlineData(88, 0)]
    [InlineData(92, 0)]
    public void SpO2_on_scale_2_up_to_92_scores_the_same_on_air_or_oxygen(int percent, int score)
    {
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale2, AirOrOxygen.Air));
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale2, AirOrOxygen.Oxygen));
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale2, null));
    }

    [Theory]
    [InlineData(93)]
    [InlineData(96)]
    [InlineData(97)]
    [InlineData(100)]
    public void SpO2_of_93_or_more_on_scale_2_on_air_scores_0(int percent) =>
        Assert.Equal(0, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale2, AirOrOxygen.Air));

    [Theory]
    [InlineData(92, 0)]
    [InlineData(93, 1)]
    [InlineData(94, 1)]
    [InlineData(95, 2)]
    [InlineData(96, 2)]
    [InlineData(97, 3)]
    [InlineData(100, 3)]
    public void SpO2_on_scale_2_on_oxygen_scores_high_saturations_as_the_chart_row(int percent, int score) =>
        Assert.Equal(score, News2Chart.OxygenSaturation(percent, SpO2Scale.Scale2, AirOrOxygen.Oxygen));

    [Fact]
    public void SpO2_of_93_on_scale_2_cannot_be_scored_without_knowing_air_or_oxygen() =>
        Assert.Null(News2Chart.OxygenSaturation(93, SpO2Scale.Scale2, null));

    [Fact]
    public void Oxygen_scores_2_and_air_scores_0()
    {
        Assert.Equal(2, News2Chart.AirOrOxygen(AirOrOxygen.Oxygen));
        Assert.Equal(0, News2Chart.AirOrOxygen(AirOrOxygen.Air));
    }

    [Theory]
    [InlineData(50, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 2)]
    [InlineData(100, 2)]
    [InlineData(101, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 0)]
    [InlineData(219, 0)]
    [InlineData(220, 3)]
    [InlineData(260, 3)]
    public void Systolic_blood_pressure_scores_as_the_chart_row(int mmHg, int score) =>
        Assert.Equal(score, News2Chart.SystolicBloodPressure(mmHg));

    [Theory]
    [InlineData(20, 3)]
    [InlineData(40, 3)]
    [InlineData(41, 1)]
    [InlineData(50, 1)]
    [InlineData(51, 0)]
    [InlineData(90, 0)]
    [InlineData(91, 1)]
    [InlineData(110, 1)]
    [InlineData(111, 2)]
    [InlineData(130, 2)]
    [InlineData(131, 3)]
    [InlineData(200, 3)]
    public void Pulse_scores_as_the_chart_row(int perMinute, int score) =>
        Assert.Equal(score, News2Chart.Pulse(perMinute));

    [Theory]
    [InlineData(Consciousness.Alert, 0)]
    [InlineData(Consciousness.NewConfusion, 3)]
    [InlineData(Consciousness.Voice, 3)]
    [InlineData(Consciousness.Pain, 3)]
    [InlineData(Consciousness.Unresponsive, 3)]
    public void Alert_scores_0_and_new_confusion_voice_pain_or_unresponsive_score_3(Consciousness level, int score) =>
        Assert.Equal(score, News2Chart.Consciousness(level));

    [Theory]
    [InlineData(33.0, 3)]
    [InlineData(35.0, 3)]
    [InlineData(35.1, 1)]
    [InlineData(36.0, 1)]
    [InlineData(36.1, 0)]
    [InlineData(38.0, 0)]
    [InlineData(38.1, 1)]
    [InlineData(39.0, 1)]
    [InlineData(39.1, 2)]
    [InlineData(42.0, 2)]
    public void Temperature_scores_as_the_chart_row(double celsius, int score) =>
        Assert.Equal(score, News2Chart.Temperature((decimal)celsius));

    [Theory]
    [InlineData(35.04, 3)]
    [InlineData(35.05, 1)]
    [InlineData(36.04, 1)]
    [InlineData(36.05, 0)]
    [InlineData(38.04, 0)]
    [InlineData(38.05, 1)]
    [InlineData(39.04, 1)]
    [InlineData(39.05, 2)]
    public void Temperature_between_tenths_is_rounded_to_the_tenth_before_scoring(double celsius, int score) =>
        Assert.Equal(score, News2Chart.Temperature((decimal)celsius));

    [Theory]
    [InlineData(8.49, 3)]
    [InlineData(8.5, 1)]
    [InlineData(20.4, 0)]
    [InlineData(20.5, 2)]
    [InlineData(24.49, 2)]
    [InlineData(24.5, 3)]
    public void A_fractional_respiration_rate_is_rounded_to_the_whole_breath_before_scoring(double perMinute, int score) =>
        Assert.Equal(score, News2Chart.RespirationRate((decimal)perMinute));

    [Fact]
    public void Other_fractional_values_round_half_away_from_zero_before_scoring()
    {
        Assert.Equal(3, News2Chart.OxygenSaturation(91.49m, SpO2Scale.Scale1, AirOrOxygen.Air));
        Assert.Equal(2, News2Chart.OxygenSaturation(91.5m, SpO2Scale.Scale1, AirOrOxygen.Air));
        Assert.Equal(0, News2Chart.OxygenSaturation(92.49m, SpO2Scale.Scale2, AirOrOxygen.Oxygen));
        Assert.Equal(1, News2Chart.OxygenSaturation(92.5m, SpO2Scale.Scale2, AirOrOxygen.Oxygen));
        Assert.Equal(0, News2Chart.SystolicBloodPressure(219.49m));
        Assert.Equal(3, News2Chart.SystolicBloodPressure(219.5m));
        Assert.Equal(0, News2Chart.Pulse(90.49m));
        Assert.Equal(1, News2Chart.Pulse(90.5m));
    }

    [Fact]
    public void Negative_values_and_saturations_over_100_are_refused_rather_than_scored()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => News2Chart.RespirationRate(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => News2Chart.Pulse(-0.1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => News2Chart.Temperature(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => News2Chart.OxygenSaturation(101, SpO2Scale.Scale1, AirOrOxygen.Air));
        Assert.Equal(0, News2Chart.OxygenSaturation(100.4m, SpO2Scale.Scale1, AirOrOxygen.Air));
    }
}
