namespace Leodis.Web.Patients;

/// <summary>The kinds of entry the timeline shows and filters by.</summary>
public enum TimelineKind
{
    Encounter,
    Observations,
    Results,
    Condition,
    Procedure,
    Medication,
    Document,
}
