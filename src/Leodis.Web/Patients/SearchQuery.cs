namespace Leodis.Web.Patients;

/// <summary>A Patient search ready to run, or why the details typed cannot be searched for.</summary>
public sealed record SearchQuery(string? Query, string? Error)
{
    public bool IsValid => Query is not null;

    public static SearchQuery For(string query) => new($"{query}&_count={PatientSearch.MaxResults + 1}&_include=Patient:general-practitioner", null);

    public static SearchQuery Invalid(string error) => new(null, error);
}
