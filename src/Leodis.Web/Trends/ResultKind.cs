using Hl7.Fhir.Model;

namespace Leodis.Web.Trends;

/// <summary>One measurement the patient has values of, for the results list: its code, name, group, count and newest value.</summary>
public sealed record ResultKind(string Code, string Name, string Group, int Count, Observation Latest)
{
    public const string VitalSigns = "Observations and NEWS2";
    public const string Laboratory = "Blood results";

    /// <summary>The chartable measurements among <paramref name="newestFirst"/> (values that are numbers), grouped by code.</summary>
    public static IReadOnlyList<ResultKind> From(IEnumerable<Observation> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        return newestFirst
            .Where(o => o.Value is Quantity || o.Component.Any(c => c.Value is Quantity))
            .Select(o => (Observation: o, Code: o.Code?.Coding.FirstOrDefault()?.Code))
            .Where(o => o.Code is not null)
            .GroupBy(o => o.Code ?? string.Empty, o => o.Observation, StringComparer.Ordinal)
            .Select(g => new ResultKind(g.Key, ObservationValues.Name(g.First()), GroupOf(g.First()), g.Count(), g.First()))
            .OrderBy(k => k.Group, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    private static string GroupOf(Observation observation) =>
        observation.Category.Any(c => c.Coding.Any(x => x.Code == "laboratory")) ? Laboratory : VitalSigns;
}
