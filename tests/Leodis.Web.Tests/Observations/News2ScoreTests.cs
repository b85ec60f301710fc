using Leodis.Web.Observations;

namespace Leodis.Web.Tests.Observations;

/// <summary>Aggregating the seven sub-scores: the response bands, escalation, and incomplete sets.</summary>
public sealed class News2ScoreTests
{
    /// <summary>Every parameter scores 0.</summary>
    internal static readonly News2Inputs Well = new()
    {
        RespirationRate = 16,
        OxygenSaturation = 97,
        AirOrOxygen = AirOrOxygen.Air,
        SystolicBloodPressure = 124,
        DiastolicBloodPressure = 76,
        Pulse = 72,
        Consciousness = Consciousness.Alert,
        Temperature = 36.8m,
    };

    [Fact]
    public void A_well_patient_scores_0_with_12_hourly_observations_and_no_escalation()
    {
        var score = News2Chart.Score(Well);

        Assert.True(score.IsComplete);
        Assert.Equal(0, score.Total);
        Assert.All(score.SubScores.Values, s => Assert.Equal(0, s));
        Assert.Equal(7, score.SubScores.Count);
        Assert.Same(ClinicalResponse.Score0, score.Response);
        Assert.Equal(TimeSpan.FromHours(12), score.Response.ObservationsDueEvery);
        Assert.False(score.AnySingleParameterScored3);
        Assert.False(score.RequiresEscalation);
    }

    [Fact]
    public void Sub_scores_are_per_parameter_and_the_total_is_their_sum()
    {
        var score = News2Chart.Score(Well with { RespirationRate = 22, AirOrOxygen = AirOrOxygen.Oxygen, Temperature = 38.5m });

        Assert.Equal(2, score.SubScore(News2Parameter.RespirationRate));
        Assert.Equal(2, score.SubScore(News2Parameter.AirOrOxygen));
        Assert.Equal(1, score.SubScore(News2Parameter.Temperature));
        Assert.Equal(0, score.SubScore(News2Parameter.Pulse));
        Assert.Equal(5, score.Total);
    }

    [Fact]
    public void A_total_of_1_is_low_risk_with_4_hourly_observations()
    {
        var score = News2Chart.Score(Well with { Temperature = 38.5m });

        Assert.Equal(1, score.Total);
        Assert.Same(ClinicalResponse.Score1To4, score.Response);
        Assert.Equal(ClinicalRisk.Low, score.Response.Risk);
        Assert.Equal(TimeSpan.FromHours(4), score.Response.ObservationsDueEvery);
        Assert.False(score.RequiresEscalation);
    }

    [Fact]
    public void A_total_of_4_without_a_single_3_is_still_low_risk()
    {
        var score = News2Chart.Score(Well with { RespirationRate = 22, Pulse = 115 });

        Assert.Equal(4, score.Total);
        Assert.False(score.AnySingleParameterScored3);
        Assert.Same(ClinicalResponse.Score1To4, score.Response);
        Assert.False(score.RequiresEscalation);
    }

    [Fact]
    public void A_respiration_rate_of_25_alone_is_a_red_score_low_medium_risk_and_hourly_observations()
    {
        var score = News2Chart.Score(Well with { RespirationRate = 25 });

        Assert.Equal(3, score.Total);
        Assert.True(score.AnySingleParameterScored3);
        Assert.Same(ClinicalResponse.SingleParameter3, score.Response);
        Assert.Equal(ClinicalRisk.LowMedium, score.Response.Risk);
        Assert.Equal(TimeSpan.FromHours(1), score.Response.ObservationsDueEvery);
        Assert.True(score.RequiresEscalation);
    }

    [Fact]
    public void New_confusion_alone_scores_3_and_requires_escalation()
    {
        var score = News2Chart.Score(Well with { Consciousness = Consciousness.NewConfusion });

        Assert.Equal(3, score.Total);
        Assert.Equal(3, score.SubScore(News2Parameter.Consciousness));
        Assert.Same(ClinicalResponse.SingleParameter3, score.Response);
        Assert.True(score.RequiresEscalation);
    }

    [Fact]
    public void A_single_3_with_a_total_of_4_is_low_medium_risk()
    {
        var score = News2Chart.Score(Well with { Consciousness = Consciousness.NewConfusion, Temperature = 38.5m });

        Assert.Equal(4, score.Total);
        Assert.Equal(ClinicalRisk.LowMedium, score.Response!.Risk);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void A_total_of_5_or_6_is_medium_risk_urgent_response_and_hourly_observations(int total)
    {
        var inputs = Well with { RespirationRate = 22, AirOrOxygen = AirOrOxygen.Oxygen, Temperature = total == 5 ? 38.5m : 39.5m };

        var score = News2Chart.Score(inputs);

        Assert.Equal(total, score.Total);
        Assert.Same(ClinicalResponse.Score5To6, score.Response);
        Assert.Equal(ClinicalRisk.Medium, score.Response.Risk);
        Assert.Equal(TimeSpan.FromHours(1), score.Response.ObservationsDueEvery);
        Assert.True(score.RequiresEscalation);
    }

    [Fact]
    public void A_total_of_5_that_includes_a_single_3_is_medium_not_low_medium()
    {
        var score = News2Chart.Score(Well with { RespirationRate = 25, AirOrOxygen = AirOrOxygen.Oxygen });

        Assert.Equal(5, score.Total);
        Assert.True(score.AnySingleParameterScored3);
        Assert.Same(ClinicalResponse.Score5To6, score.Response);
    }

    [Fact]
    public void A_total_of_7_is_high_risk_with_continuous_monitoring_so_the_next_set_is_due_at_once()
    {
        var score = News2Chart.Score(Well with { RespirationRate = 22, AirOrOxygen = AirOrOxygen.Oxygen, Pulse = 120, Temperature = 38.5m });
        var takenAt = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(7, score.Total);
        Assert.Same(ClinicalResponse.Score7OrMore, score.Response);
        Assert.Equal(ClinicalRisk.High, score.Response.Risk);
        Assert.True(score.Response.ContinuousMonitoring);
        Assert.Equal(takenAt, score.Response.NextObservationsDue(takenAt));
        Assert.True(score.RequiresEscalation);
    }

    [Fact]
    public void The_worst_value_of_every_parameter_scores_20()
    {
        var score = News2Chart.Score(new News2Inputs
        {
            RespirationRate = 30, OxygenSaturation = 85, AirOrOxygen = AirOrOxygen.Oxygen, SystolicBloodPressure = 80,
            Pulse = 140, Consciousness = Consciousness.Unresponsive, Temperature = 34.2m,
        });

        Assert.Equal(20, score.Total);
    }

    [Fact]
    public void Scale_2_on_oxygen_at_97_percent_scores_3_for_saturation_and_2_for_oxygen()
    {
        var score = News2Chart.Score(Well with { SpO2Scale = SpO2Scale.Scale2, OxygenSaturation = 97, AirOrOxygen = AirOrOxygen.Oxygen });

        Assert.Equal(3, score.SubScore(News2Parameter.OxygenSaturation));
        Assert.Equal(2, score.SubScore(News2Parameter.AirOrOxygen));
        Assert.Equal(5, score.Total);
        Assert.Equal(SpO2Scale.Scale2, score.SpO2Scale);
    }

    [Fact]
    public void Scale_2_on_air_at_90_percent_scores_0_where_scale_1_would_score_3()
    {
        Assert.Equal(0, News2Chart.Score(Well with { SpO2Scale = SpO2Scale.Scale2, OxygenSaturation = 90 }).Total);
        Assert.Equal(3, News2Chart.Score(Well with { OxygenSaturation = 90 }).Total);
    }

    [Theory]
    [InlineData(0, false, ClinicalRisk.Low, 12)]
    [InlineData(1, false, ClinicalRisk.Low, 4)]
    [InlineData(4, false, ClinicalRisk.Low, 4)]
    [InlineData(3, true, ClinicalRisk.LowMedium, 1)]
    [InlineData(4, true, ClinicalRisk.LowMedium, 1)]
    [InlineData(5, false, ClinicalRisk.Medium, 1)]
    [InlineData(6, true, ClinicalRisk.Medium, 1)]
    [InlineData(7, false, ClinicalRisk.High, 0)]
    [InlineData(20, true, ClinicalRisk.High, 0)]
    public void The_clinical_response_follows_the_chart_bands(int total, bool single3, ClinicalRisk risk, int dueInHours)
    {
        var response = ClinicalResponse.For(total, single3);

        Assert.Equal(risk, response.Risk);
        Assert.Equal(TimeSpan.FromHours(dueInHours), response.ObservationsDueEvery);
    }

    [Fact]
    public void A_missing_temperature_leaves_the_score_incomplete_not_scored_as_0()
    {
        var score = News2Chart.Score(Well with { Temperature = null });

        Assert.False(score.IsComplete);
        Assert.Equal([News2Parameter.Temperature], score.Missing);
        Assert.Null(score.Total);
        Assert.Null(score.Response);
        Assert.Null(score.SubScore(News2Parameter.Temperature));
        Assert.Equal(6, score.SubScores.Count);
        Assert.Equal(0, score.RecordedTotal);
    }

    [Fact]
    public void Nothing_recorded_is_seven_missing_parameters()
    {
        var score = News2Chart.Score(new News2Inputs());

        Assert.Equal(Enum.GetValues<News2Parameter>(), score.Missing);
        Assert.Null(score.Total);
        Assert.False(score.RequiresEscalation);
    }

    [Fact]
    public void An_incomplete_set_with_a_3_already_requires_escalation()
    {
        var score = News2Chart.Score(Well with { Temperature = null, RespirationRate = 30 });

        Assert.Null(score.Total);
        Assert.Equal(3, score.RecordedTotal);
        Assert.True(score.RequiresEscalation);
    }

    [Fact]
    public void Scale_2_saturation_of_95_without_air_or_oxygen_leaves_both_unscored()
    {
        var score = News2Chart.Score(Well with { SpO2Scale = SpO2Scale.Scale2, OxygenSaturation = 95, AirOrOxygen = null });

        Assert.Equal([News2Parameter.OxygenSaturation, News2Parameter.AirOrOxygen], score.Missing);
    }

    [Fact]
    public void A_sub_score_outside_0_to_3_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new News2Score(new Dictionary<News2Parameter, int> { [News2Parameter.Pulse] = 4 }, SpO2Scale.Scale1));
}
