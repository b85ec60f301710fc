using Hl7.Fhir.Model;
using Leodis.Fhir;
using Leodis.Web.Observations;

namespace Leodis.Web.Tests.Observations;

/// <summary>eObs sets as UK Core observations and back, the NEWS2 score Observation, and strict-parser validity.</summary>
public sealed class News2FhirMappingTests
{
    private static readonly DateTimeOffset TakenAt = new(2026, 7, 1, 14, 30, 0, TimeSpan.FromHours(1));

    public static TheoryData<string, News2Inputs> Sets => new()
    {
        { "well", News2ScoreTests.Well },
        { "septic", News2ScoreTests.Well with { RespirationRate = 26, OxygenSaturation = 93, AirOrOxygen = AirOrOxygen.Oxygen, SystolicBloodPressure = 95, Pulse = 118, Temperature = 39.4m } },
        { "scale 2 on oxygen", News2ScoreTests.Well with { SpO2Scale = SpO2Scale.Scale2, OxygenSaturation = 95, AirOrOxygen = AirOrOxygen.Oxygen } },
        { "new confusion", News2ScoreTests.Well with { Consciousness = Consciousness.NewConfusion, Temperature = 35.1m } },
        { "fractional", News2ScoreTests.Well with { RespirationRate = 20.5m, Temperature = 36.05m, Pulse = 90.4m } },
    };

    [Theory]
    [MemberData(nameof(Sets))]
    public void A_recorded_set_read_back_from_its_json_gives_the_same_inputs_and_score(string name, News2Inputs inputs)
    {
        var recording = Record(inputs);

        var parsed = recording.Resources.Select(o => (Observation)FhirFormat.ParseJson(FhirFormat.ToJson(o))).ToList();
        var readBack = News2Inputs.From(parsed);

        Assert.True(inputs == readBack, name);
        var expected = News2Chart.Score(inputs);
        var again = News2Chart.Score(readBack);
        Assert.Equal(expected.Total, again.Total);
        Assert.Equal(expected.SubScores, again.SubScores);
        Assert.Equal(expected.SubScores, News2ScoreObservation.Read(parsed[^1])!.SubScores);
        Assert.Equal(expected.Total, ((Quantity)parsed[^1].Value).Value);
    }

    [Fact]
    public void A_set_is_seven_observations_in_the_chart_order_each_valid_and_complete()
    {
        var recording = Record(News2ScoreTests.Well);

        Assert.Equal(
            ["9279-1", "2708-6", "722742002", "85354-9", "8867-4", "1104441000000107", "8310-5"],
            recording.Observations.Select(o => o.Code.Coding.Last().Code));
        Assert.All(recording.Resources, o =>
        {
            FhirFormat.ParseJson(FhirFormat.ToJson(o));
            Assert.Equal(ObservationStatus.Final, o.Status);
            Assert.Equal("Patient/p1", o.Subject.Reference);
            Assert.Equal("Encounter/e1", o.Encounter.Reference);
            Assert.Equal("Practitioner/n1", Assert.Single(o.Performer).Reference);
            Assert.Equal("2026-07-01T14:30:00+01:00", ((FhirDateTime)o.Effective).Value);
            Assert.StartsWith("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation-", Assert.Single(o.Meta.Profile), StringComparison.Ordinal);
        });
        var pressure = recording.Observations[3];
        Assert.Equal(["8480-6", "8462-4"], pressure.Component.Select(c => c.Code.Coding[0].Code));
    }

    [Fact]
    public void The_score_observation_has_seven_sub_scores_and_derives_from_the_set()
    {
        var recording = Record(News2ScoreTests.Well with { RespirationRate = 22 });
        var news = recording.ScoreObservation!;

        Assert.Equal("1104051000000101", news.Code.Coding.Single().Code);
        Assert.Equal(2m, ((Quantity)news.Value).Value);
        Assert.Equal("{ScoreOf}", ((Quantity)news.Value).Code);
        Assert.Equal(7, news.Component.Count);
        Assert.Equal(((Quantity)news.Value).Value, news.Component.Sum(c => ((Quantity)c.Value).Value));
        Assert.Equal(recording.Observations.Select(o => $"Observation/{o.Id}"), news.DerivedFrom.Select(r => r.Reference));
        Assert.Contains(news.Component, c => c.Code.Coding[0].Code == "1104311000000102");
    }

    [Fact]
    public void A_scale_2_score_is_coded_as_scale_2_and_the_next_read_stays_on_scale_2()
    {
        var recording = Record(News2ScoreTests.Well with { SpO2Scale = SpO2Scale.Scale2, OxygenSaturation = 90 });

        Assert.Contains(recording.ScoreObservation!.Component, c => c.Code.Coding[0].Code == "1104321000000108");
        Assert.Equal(SpO2Scale.Scale2, News2Inputs.From(recording.Resources).SpO2Scale);
        Assert.Equal(SpO2Scale.Scale1, News2Inputs.From(recording.Resources, SpO2Scale.Scale1).SpO2Scale);
        Assert.Equal(SpO2Scale.Scale1, News2Inputs.From(recording.Observations).SpO2Scale);
    }

    [Fact]
    public void An_incomplete_set_has_observations_but_no_score_observation()
    {
        var inputs = News2ScoreTests.Well with { Temperature = null, DiastolicBloodPressure = null };
        var recording = Record(inputs);

        Assert.Equal(6, recording.Observations.Count);
        Assert.Null(recording.ScoreObservation);
        Assert.Null(recording.EscalationTask(null, "t1"));
        Assert.Throws<ArgumentException>(() => News2ScoreObservation.Create(recording.Score, Context(), recording.Observations));
        Assert.Equal([News2Parameter.Temperature], News2Chart.Score(News2Inputs.From(recording.Observations)).Missing);
    }

    [Fact]
    public void The_latest_value_of_each_parameter_wins_whatever_the_order_given()
    {
        var earlier = Record(News2ScoreTests.Well with { RespirationRate = 30, Temperature = 39.5m }, TakenAt.AddHours(-4));
        var later = Record(News2ScoreTests.Well with { RespirationRate = 18, Temperature = null }, TakenAt);

        var inputs = News2Inputs.From(later.Observations.Concat(earlier.Observations).Reverse());

        Assert.Equal(18, inputs.RespirationRate);
        Assert.Equal(39.5m, inputs.Temperature);
    }

    [Fact]
    public void An_observation_entered_in_error_is_not_read()
    {
        var earlier = Record(News2ScoreTests.Well with { Pulse = 80 }, TakenAt.AddHours(-1));
        var later = Record(News2ScoreTests.Well with { Pulse = 140 }, TakenAt);
        later.Observations.Single(o => News2Codes.HeartRate.In(o.Code)).Status = ObservationStatus.EnteredInError;

        Assert.Equal(80, News2Inputs.From(earlier.Observations.Concat(later.Observations)).Pulse);
    }

    [Fact]
    public void A_latest_value_in_a_unit_the_chart_does_not_use_is_missing_rather_than_an_older_value()
    {
        var earlier = Record(News2ScoreTests.Well, TakenAt.AddHours(-1));
        var later = Record(News2ScoreTests.Well, TakenAt);
        var temperature = later.Observations.Single(o => News2Codes.BodyTemperature.In(o.Code));
        temperature.Value = new Quantity { Value = 310, Unit = "kelvin", System = ClinicalCode.Ucum, Code = "K" };

        Assert.Null(News2Inputs.From(earlier.Observations.Concat(later.Observations)).Temperature);
    }

    [Fact]
    public void Other_systems_codings_are_read_a_systolic_alone_a_pulse_rate_and_fahrenheit()
    {
        var context = Context();
        Observation Quantity(ClinicalCode code, decimal value, string ucum)
        {
            var o = new Observation { Status = ObservationStatus.Final, Code = code.ToConcept(), Effective = context.EffectiveDateTime, Subject = context.Patient };
            o.Value = new Quantity { Value = value, System = ClinicalCode.Ucum, Code = ucum };
            return o;
        }

        var inputs = News2Inputs.From(
        [
            Quantity(News2Codes.SystolicPressureLoinc, 105, "mm[Hg]"),
            Quantity(News2Codes.PulseRate, 64, "/min"),
            Quantity(News2Codes.BodyTemperatureLoinc, 100.4m, "[degF]"),
            Quantity(News2Codes.OtherOxygenSaturation[0], 95, "%"),
        ]);

        Assert.Equal(105, inputs.SystolicBloodPressure);
        Assert.Equal(64, inputs.Pulse);
        Assert.Equal(38m, inputs.Temperature);
        Assert.Equal(95, inputs.OxygenSaturation);
    }

    [Theory]
    [InlineData(25, ClinicalRisk.LowMedium, RequestPriority.Urgent)]
    [InlineData(22, ClinicalRisk.Medium, RequestPriority.Asap)]
    [InlineData(30, ClinicalRisk.High, RequestPriority.Stat)]
    public void An_escalation_task_is_requested_with_the_priority_of_the_band(int respirationRate, ClinicalRisk risk, RequestPriority priority)
    {
        var inputs = News2ScoreTests.Well with
        {
            RespirationRate = respirationRate,
            AirOrOxygen = risk == ClinicalRisk.LowMedium ? AirOrOxygen.Air : AirOrOxygen.Oxygen,
            Temperature = risk == ClinicalRisk.Medium ? 38.5m : risk == ClinicalRisk.High ? 39.5m : 37m,
        };
        var recording = Record(inputs);
        var owner = new ResourceReference("CareTeam/ward-12", "Ward 12 nursing team");

        var task = recording.EscalationTask(owner, "t1")!;

        Assert.Equal(risk, recording.Score.Response!.Risk);
        Assert.Equal(priority, task.Priority);
        Assert.Equal(Hl7.Fhir.Model.Task.TaskStatus.Requested, task.Status);
        Assert.Equal(Hl7.Fhir.Model.Task.TaskIntent.Order, task.Intent);
        Assert.Equal($"Observation/{recording.ScoreObservation!.Id}", task.Focus.Reference);
        Assert.Equal("Patient/p1", task.For.Reference);
        Assert.Equal("Encounter/e1", task.Encounter.Reference);
        Assert.Equal("CareTeam/ward-12", task.Owner.Reference);
        Assert.Equal("Practitioner/n1", task.Requester.Reference);
        Assert.Equal("2026-07-01T14:30:00+01:00", task.AuthoredOn);
        Assert.StartsWith($"NEWS2 {recording.Score.Total}", task.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Ada", task.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Nurse", task.Description, StringComparison.Ordinal);
        FhirFormat.ParseJson(FhirFormat.ToJson(task));
    }

    [Fact]
    public void A_red_score_task_says_so_in_its_description()
    {
        var task = Record(News2ScoreTests.Well with { Consciousness = Consciousness.NewConfusion }).EscalationTask(null, "t1")!;

        Assert.Equal("NEWS2 3, with 3 in a single parameter: low–medium clinical risk. Urgent ward-based response: the registered nurse informs the medical team; observations minimum 1-hourly.", task.Description);
        Assert.Null(task.Owner);
    }

    [Fact]
    public void A_score_that_does_not_require_escalation_has_no_task()
    {
        var recording = Record(News2ScoreTests.Well with { Temperature = 38.5m });

        Assert.Null(recording.EscalationTask(null, "t1"));
        Assert.Throws<ArgumentException>(() => News2EscalationTask.Create(recording.Score, recording.ScoreObservation!, null));
    }

    [Fact]
    public void Without_an_encounter_the_observations_and_task_have_none()
    {
        var context = Context() with { Encounter = null };
        var recording = EobsRecording.Create(News2ScoreTests.Well with { RespirationRate = 30 }, context, NewId());

        Assert.All(recording.Resources, o => Assert.Null(o.Encounter));
        Assert.Null(recording.EscalationTask(null, "t1")!.Encounter);
    }

    [Fact]
    public void Resources_do_not_share_reference_instances_so_editing_one_leaves_the_others()
    {
        var recording = Record(News2ScoreTests.Well);

        recording.Observations[0].Subject.Reference = "Patient/other";

        Assert.Equal("Patient/p1", recording.Observations[1].Subject.Reference);
    }

    private static ObservationContext Context(DateTimeOffset? at = null) => new(
        new ResourceReference("Patient/p1", "Ada Lovelace"), new ResourceReference("Encounter/e1"), new ResourceReference("Practitioner/n1", "Nurse Jones"), at ?? TakenAt);

    private static EobsRecording Record(News2Inputs inputs, DateTimeOffset? at = null) => EobsRecording.Create(inputs, Context(at), NewId());

    private static Func<string> NewId() => () => Guid.NewGuid().ToString();
}
