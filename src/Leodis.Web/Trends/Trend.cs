using Hl7.Fhir.Model;

namespace Leodis.Web.Trends;

/// <summary>A measurement's values over time, ready to chart and tabulate: its series, unit and reference band.</summary>
public sealed record Trend(string Title, string Unit, IReadOnlyList<TrendSeries> Series, ReferenceBand? Band)
{
    /// <summary>
    /// The trend of the observations of one code. A value with components (a blood pressure) makes one series per
    /// component; the band is the newest result's reference range, else the vital sign's NEWS2 band.
    /// </summary>
    public static Trend From(string code, IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var dated = observations.Select(o => (Observation: o, When: ObservationValues.Taken(o))).Where(o => o.When is not null)
            .OrderBy(o => o.When).ToList();
        var title = dated.Count > 0 ? ObservationValues.Name(dated[^1].Observation) : code;
        var band = dated.Select(o => ObservationValues.Range(o.Observation)).LastOrDefault(r => r.Low is not null || r.High is not null) is { } range
            && (range.Low is not null || range.High is not null)
            ? new ReferenceBand(range.Low, range.High, $"Reference range: {ObservationValues.Number(range.Low)}–{ObservationValues.Number(range.High)}")
            : ReferenceBand.ForVitalSign(code);

        var single = new List<TrendPoint>();
        var components = new Dictionary<string, List<TrendPoint>>(StringComparer.Ordinal);
        var unit = string.Empty;
        foreach (var (observation, when) in dated)
        {
            var instant = when.GetValueOrDefault();
            if (observation.Value is Quantity { Value: { } value } quantity)
            {
                unit = ObservationValues.Unit(quantity);
                var flag = ObservationValues.Abnormal(observation) ?? (observation.ReferenceRange.Count == 0 && band is not null ? ObservationValues.Compare(value, (band.Low, band.High)) : null);
                single.Add(new TrendPoint(instant, value, flag?.Code, flag?.Words));
                continue;
            }

            var first = true;
            foreach (var component in observation.Component)
            {
                if (component.Value is Quantity { Value: { } part } partQuantity)
                {
                    unit = ObservationValues.Unit(partQuantity);
                    // The band is the systolic one, so only the first component (systolic) is compared with it.
                    var flag = first && band is not null ? ObservationValues.Compare(part, (band.Low, band.High)) : null;
                    var name = ObservationValues.Name(component.Code);
                    if (!components.TryGetValue(name, out var points))
                    {
                        components[name] = points = [];
                    }

                    points.Add(new TrendPoint(instant, part, flag?.Code, flag?.Words));
                }

                first = false;
            }
        }

        var series = single.Count > 0 ? [new TrendSeries(title, single)] : components.Select(c => new TrendSeries(c.Key, c.Value)).ToList();
        return new Trend(title, unit, series, band);
    }

    /// <summary>How many values lie outside the reference range.</summary>
    public int AbnormalCount => Series.Sum(s => s.Points.Count(p => p.Flag is not null));

    public bool IsEmpty => Series.All(s => s.Points.Count == 0);
}
