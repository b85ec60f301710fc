namespace Leodis.Web.Wards;

/// <summary>
/// What changed on a ward board between two reads, in words a screen reader can announce: admissions and departures,
/// a new NEWS2, a set falling overdue, a new escalation. Beds, not names, since a whiteboard may be read out in a bay.
/// </summary>
public static class WardBoardChanges
{
    /// <summary>The changes from <paramref name="before"/>, read at <paramref name="then"/>, to <paramref name="after"/>, read at <paramref name="now"/>.</summary>
    public static IReadOnlyList<string> Between(IReadOnlyList<WardPatient> before, DateTimeOffset then, IReadOnlyList<WardPatient> after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var old = before.ToDictionary(r => r.Encounter.Id ?? string.Empty, StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var row in after)
        {
            var bed = row.Bed ?? "No bed";
            if (!old.TryGetValue(row.Encounter.Id ?? string.Empty, out var was))
            {
                changes.Add($"{bed}: new patient.");
                continue;
            }

            if (row.ScoredAt != was.ScoredAt && row.LatestScore?.Total is { } total && row.LatestScore.Response is { } response)
            {
                changes.Add($"{bed}: NEWS2 now {total}, {Observations.ClinicalRiskBadge.RiskName(response.Risk).ToLowerInvariant()}.");
            }

            if (row.IsOverdue(now) && !was.IsOverdue(then))
            {
                changes.Add($"{bed}: observations now overdue.");
            }

            var newEscalations = row.EscalationTasks.Count(t => was.EscalationTasks.All(w => w.Id != t.Id));
            if (newEscalations > 0)
            {
                changes.Add($"{bed}: new escalation task.");
            }
        }

        var left = before.Count(r => after.All(a => a.Encounter.Id != r.Encounter.Id));
        if (left > 0)
        {
            changes.Add(WardCensus.Count(left, "patient has left the board.", "patients have left the board."));
        }

        return changes;
    }
}
