namespace Leodis.Web.Observations;

/// <summary>
/// The scoring rows of the Royal College of Physicians' NEWS2 chart (2017), one function per row, and the score of a set.
/// </summary>
/// <remarks>
/// The chart's bands are whole numbers, and tenths of a degree for temperature, so a value recorded more finely is first
/// rounded to the chart's precision, half away from zero, as it would be written on the paper chart: a respiratory rate
/// of 20.4 is 20 and scores 0, 20.5 is 21 and scores 2; a temperature of 36.04 is 36.0 and scores 1, 36.05 is 36.1 and
/// scores 0. Every value then falls in exactly one band, with no gaps between them.
/// </remarks>
public static class News2Chart
{
    /// <summary>Scores every recorded parameter of <paramref name="inputs"/>; the rest are listed as missing.</summary>
    public static News2Score Score(News2Inputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var scores = new Dictionary<News2Parameter, int>();
        void Add(News2Parameter parameter, int? score)
        {
            if (score is { } s)
            {
                scores[parameter] = s;
            }
        }

        Add(News2Parameter.RespirationRate, inputs.RespirationRate is { } rate ? RespirationRate(rate) : null);
        Add(News2Parameter.OxygenSaturation, inputs.OxygenSaturation is { } spo2 ? OxygenSaturation(spo2, inputs.SpO2Scale, inputs.AirOrOxygen) : null);
        Add(News2Parameter.AirOrOxygen, inputs.AirOrOxygen is { } air ? AirOrOxygen(air) : null);
        Add(News2Parameter.SystolicBloodPressure, inputs.SystolicBloodPressure is { } systolic ? SystolicBloodPressure(systolic) : null);
        Add(News2Parameter.Pulse, inputs.Pulse is { } pulse ? Pulse(pulse) : null);
        Add(News2Parameter.Consciousness, inputs.Consciousness is { } level ? Consciousness(level) : null);
        Add(News2Parameter.Temperature, inputs.Temperature is { } celsius ? Temperature(celsius) : null);
        return new News2Score(scores, inputs.SpO2Scale);
    }

    /// <summary>Breaths per minute: ≤8 → 3, 9–11 → 1, 12–20 → 0, 21–24 → 2, ≥25 → 3.</summary>
    public static int RespirationRate(decimal perMinute) => Whole(perMinute, nameof(perMinute)) switch
    {
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    /// <summary>
    /// SpO2 (%) on the given scale. Scale 1: ≤91 → 3, 92–93 → 2, 94–95 → 1, ≥96 → 0. Scale 2: ≤83 → 3, 84–85 → 2,
    /// 86–87 → 1, 88–92 → 0, ≥93 on air → 0, 93–94 on oxygen → 1, 95–96 on oxygen → 2, ≥97 on oxygen → 3.
    /// Null only on scale 2 at 93% or more when air or oxygen is not known, because the chart then has no single row.
    /// </summary>
    public static int? OxygenSaturation(decimal percent, SpO2Scale scale, AirOrOxygen? airOrOxygen)
    {
        var spo2 = Whole(percent, nameof(percent));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spo2, 100m, nameof(percent));
        if (scale == SpO2Scale.Scale1)
        {
            return spo2 switch { <= 91 => 3, <= 93 => 2, <= 95 => 1, _ => 0 };
        }

        return (spo2, airOrOxygen) switch
        {
            ( <= 83, _) => 3,
            ( <= 85, _) => 2,
            ( <= 87, _) => 1,
            ( <= 92, _) => 0,
            (_, Observations.AirOrOxygen.Air) => 0,
            ( <= 94, Observations.AirOrOxygen.Oxygen) => 1,
            ( <= 96, Observations.AirOrOxygen.Oxygen) => 2,
            (_, Observations.AirOrOxygen.Oxygen) => 3,
            _ => null,
        };
    }

    /// <summary>Supplemental oxygen → 2, air → 0.</summary>
    public static int AirOrOxygen(AirOrOxygen airOrOxygen) => airOrOxygen == Observations.AirOrOxygen.Oxygen ? 2 : 0;

    /// <summary>mmHg: ≤90 → 3, 91–100 → 2, 101–110 → 1, 111–219 → 0, ≥220 → 3.</summary>
    public static int SystolicBloodPressure(decimal mmHg) => Whole(mmHg, nameof(mmHg)) switch
    {
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    /// <summary>Beats per minute: ≤40 → 3, 41–50 → 1, 51–90 → 0, 91–110 → 1, 111–130 → 2, ≥131 → 3.</summary>
    public static int Pulse(decimal perMinute) => Whole(perMinute, nameof(perMinute)) switch
    {
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    /// <summary>Alert → 0; new confusion, voice, pain or unresponsive → 3.</summary>
    public static int Consciousness(Consciousness level) => level == Observations.Consciousness.Alert ? 0 : 3;

    /// <summary>°C to one decimal place: ≤35.0 → 3, 35.1–36.0 → 1, 36.1–38.0 → 0, 38.1–39.0 → 1, ≥39.1 → 2.</summary>
    public static int Temperature(decimal celsius)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(celsius);
        return Math.Round(celsius, 1, MidpointRounding.AwayFromZero) switch
        {
            <= 35.0m => 3,
            <= 36.0m => 1,
            <= 38.0m => 0,
            <= 39.0m => 1,
            _ => 2,
        };
    }

    private static decimal Whole(decimal value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return Math.Round(value, 0, MidpointRounding.AwayFromZero);
    }
}
